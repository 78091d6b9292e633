/// Where a component's image comes from: the config model, the planner and the executor all
/// use this type.
public enum BuildSource: Sendable, Hashable, Codable {
    /// Build from a repository `ref` (nil: its default branch), in `path`, with an optional
    /// build `command`.
    case repository(url: String, ref: String?, path: String?, command: String?)
    /// Build-time edge: run the image that the named component builds.
    case reuseFrom(String)
    /// A named image of the image registry; nothing to build.
    case image(String)
}
