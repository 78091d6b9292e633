import ComponentsAPI
import Hummingbird
import Protocol

extension APIRoutes {
    /// `GET /v1/images[?include_deprecated=true]`: the image registry, for any tool token.
    func addImageRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get { request, _ in
            let includeDeprecated = try request.flag("include_deprecated", "include-deprecated") ?? false
            let answer = try await backends.config.send(ConfigMethod.listImages, Wire.ListImagesRequest(includeDeprecated: includeDeprecated))
            return try JSONResponse.data(ImageListJSON(images: answer.images.map(ImageJSON.init)))
        }
    }
}
