import ToolConfig

/// What one tool's manifests are made from: the validated config and the facts of the
/// deployment applying it.
public struct ManifestInput: Sendable, Hashable {
    /// The tool's name, a DNS label.
    public var tool: String
    /// The validated config.
    public var config: ToolConfiguration
    /// The deployment applying it (`deploy_id`), labelled on every object.
    public var deployID: String
    /// The stored config version deployed (or, offline, the document's `config-version`).
    public var configVersion: String
    /// Each component's image when known (a built digest); others get ``defaultImage(of:)``.
    public var images: [String: String]
    /// A run id per one-off component (the backend passes one when the plan runs it again,
    /// as with `force-run`); without one the Job is named after its content, so an unchanged
    /// redeploy names the same Job.
    public var runIDs: [String: String]

    /// Creates an input.
    public init(tool: String, config: ToolConfiguration, deployID: String, configVersion: String? = nil,
                images: [String: String] = [:], runIDs: [String: String] = [:]) {
        self.tool = tool
        self.config = config
        self.deployID = deployID
        self.configVersion = configVersion ?? config.configVersion
        self.images = images
        self.runIDs = runIDs
    }

    /// The image a component runs: the one given, else a registry image by name, else the
    /// tag the builder pushes the component's repository build to (`reuse-from` followed).
    public func image(of component: String, settings: KubernetesSettings) -> String {
        if let image = images[component] { return image }
        var owner = component
        var seen: Set<String> = []
        while let source = config.components[owner]?.build.reuseFrom, seen.insert(owner).inserted { owner = source }
        if let image = images[owner] { return image }
        let build = config.components[owner]?.build
        if let named = build?.image {
            return named.contains("/") ? named : "\(settings.registry)/\(named)"
        }
        let tag = KubernetesNames.labelValue(build?.ref ?? "latest")
        return "\(settings.registry)/\(settings.namespace(of: tool))/\(owner):\(tag)"
    }

    /// Whether the component runs an image built from a repository (with the builder's
    /// entrypoint) rather than a registry image.
    func runsBuiltImage(_ component: String) -> Bool {
        var owner = component
        var seen: Set<String> = []
        while let source = config.components[owner]?.build.reuseFrom, seen.insert(owner).inserted { owner = source }
        return config.components[owner]?.build.image == nil
    }
}
