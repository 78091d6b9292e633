/// Builds the dotted paths violations carry: `components.api.run.port`, `...wait-for[1]`.
enum ConfigPath {
    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    static func index(_ path: String, _ index: Int) -> String {
        path + "[\(index)]"
    }
}
