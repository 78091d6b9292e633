import Foundation
import NIOCore

/// The OpenAPI 3.1 document of every route, served at `GET /openapi.yaml`. Hand-written in
/// `openapi.yaml`, a resource of this target, so it says what a person needs; tests run
/// openapi-spec-validator on what is served and check it names exactly the routed paths.
enum OpenAPIDocument {
    /// The file's bytes, read once per process and served as they are; a `ByteBuffer`
    /// shares its storage, so a response copies nothing.
    static let yaml: ByteBuffer = {
        // Without the resource the build or the install is broken (the bundle must sit next
        // to the executable); the router reads this when it is built, so that shows at start.
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            fatalError("openapi.yaml is missing from the Gateway resource bundle; install Components_Gateway.resources next to the executable")
        }
        do {
            return ByteBuffer(bytes: try Data(contentsOf: url))
        } catch {
            fatalError("cannot read the OpenAPI document \(url.path): \(error)")
        }
    }()
}
