import Foundation
import Protocol
import ToolConfig

/// The one list of base images every consumer reads (seed 003): each image has a primary
/// name, a state, aliases that are accepted silently but never listed, and one concrete
/// reference per consumer (`local`, `kubernetes`).
///
/// ```yaml
/// python3.11:
///   state: default          # stable | deprecated | default
///   aliases: [tf-python311]
///   variants:
///     local: {image: python3.11}
///     kubernetes: {image: registry.example/toolforge-python311-web}
/// ```
public struct ImageRegistry: Sendable, Hashable {
    /// The images, sorted by name.
    public private(set) var images: [Wire.Image]

    /// An empty registry.
    public init() {
        images = []
    }

    /// Images as given.
    public init(images: [Wire.Image]) {
        self.images = images.sorted { $0.name < $1.name }
    }

    /// Finds an image by primary name or alias.
    public func image(named name: String) -> Wire.Image? {
        images.first { $0.name == name } ?? images.first { $0.aliases.contains(name) }
    }

    /// The listing users see: primary names only, deprecated ones only when asked.
    public func listed(includeDeprecated: Bool) -> [Wire.Image] {
        images
            .filter { includeDeprecated || $0.state != .deprecated }
            .map { var image = $0; image.aliases = []; return image }
    }

    /// What config validation needs to know to check `build.image`.
    public var knownImages: [KnownImage] {
        images.map { KnownImage(name: $0.name, aliases: $0.aliases, isDeprecated: $0.state == .deprecated) }
    }

    /// Resolves `name` for `consumer`; errors name the valid images or consumers.
    public func resolve(_ name: String, consumer: String) throws(RPCError) -> Wire.ResolveImageResponse {
        guard let image = image(named: name) else {
            let valid = listed(includeDeprecated: false).map(\.name).joined(separator: ", ")
            throw RPCError(.notFound, "unknown image \"\(name)\"; valid images: \(valid.isEmpty ? "none configured" : valid)")
        }
        guard let variant = image.variants.first(where: { $0.consumer == consumer }) else {
            let consumers = image.variants.map(\.consumer).joined(separator: ", ")
            throw RPCError(.notFound, "image \"\(image.name)\" has no variant for \(consumer); it has: \(consumers)")
        }
        var warnings: [String] = []
        if image.state == .deprecated {
            warnings.append("image \"\(image.name)\" is deprecated; move to a stable image")
        }
        var listedImage = image
        listedImage.aliases = []
        return Wire.ResolveImageResponse(image: listedImage, reference: variant.reference, warnings: warnings)
    }
}
