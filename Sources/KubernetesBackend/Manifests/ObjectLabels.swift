/// The labels every object carries, so the backend finds its objects by label after a
/// restart with no local state, and people can select them with `kubectl -l`.
public enum ObjectLabels {
    /// The key prefix of our labels and annotations.
    public static let prefix = "components.toolforge.org/"
    /// The tool's name.
    public static let tool = prefix + "tool"
    /// The component's name (component objects only).
    public static let component = prefix + "component"
    /// The deployment that last wrote the object.
    public static let deployID = prefix + "deploy-id"
    /// The config version that deployment applied.
    public static let configVersion = prefix + "config-version"
    /// The image, label-safe; the exact image is the annotation of the same key.
    public static let image = prefix + "image"
    /// The standard label naming the manager; the reconciler lists by it.
    public static let managedBy = "app.kubernetes.io/managed-by"
    /// The value of ``managedBy`` and the server-side apply field manager.
    public static let manager = "components"
    /// Labels the reconciler ignores when it decides whether an object changed: they say
    /// which deployment last wrote it, not what it is.
    public static let bookkeeping: Set<String> = [deployID, configVersion]

    /// The labels of a tool's shared objects.
    static func tool(_ input: ManifestInput) -> [String: String] {
        [tool: input.tool, deployID: KubernetesNames.labelValue(input.deployID),
         configVersion: KubernetesNames.labelValue(input.configVersion), managedBy: manager]
    }

    /// The labels of a component's objects.
    static func component(_ name: String, image: String, input: ManifestInput) -> [String: String] {
        tool(input).merging([component: name, Self.image: KubernetesNames.labelValue(image)]) { _, new in new }
    }

    /// What selects a component's pods; never changes, as Deployment selectors cannot.
    static func selector(_ name: String, input: ManifestInput) -> [String: String] {
        [tool: input.tool, component: name]
    }
}
