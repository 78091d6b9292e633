import ComponentsAPI
import Protocol
import ToolConfig

/// The conversions to the Toolforge components-api's shapes that `/components/v1` answers in.
enum UpstreamShapes {
    /// Upstream's `build_id` while a build has none yet.
    static let noIDYet = "no-id-yet"
    /// Upstream's `build_id` of a build that was not needed (an image was reused).
    static let noBuildNeeded = "no-build-needed"
    /// Upstream's `build_image` before the build made one.
    static let noImageYet = "no-image-yet"

    /// A stored config in upstream's spelling, read from its canonical form; nil when the
    /// canonical form does not parse (a bug in the config service, never the caller's).
    static func config(canonical: String) -> JSONValue? {
        guard let config = ToolConfigParser.parse(canonical, options: .acceptedConfig).config else { return nil }
        return JSONValue.parse(config.upstreamJSON())
    }

    /// The deployment with upstream's placeholders where a build has no id or image yet.
    static func deployment(_ json: DeploymentJSON) -> DeploymentJSON {
        var json = json
        json.builds = json.builds.mapValues { build in
            var build = build
            if build.buildID.isEmpty { build.buildID = build.buildStatus == .skipped ? noBuildNeeded : noIDYet }
            if build.buildImage.isEmpty { build.buildImage = noImageYet }
            return build
        }
        return json
    }

    /// What `config/generate` answers when nothing runs to derive a config from: upstream's
    /// sample (`EXAMPLE_GENERATED_CONFIG` in its API models), the same two components. Its
    /// `config_version` is left out, as upstream leaves out fields at their default.
    static let sampleConfig: JSONValue = .object([
        "components": .object([
            "component1": sampleComponent(
                ref: "main",
                run: ["command": .string("while true; do echo 'hello world from component1'; sleep 10; done"),
                      "health_check_http": .string("/healthz")]),
            "component2": sampleComponent(
                ref: "dummy_branch",
                run: ["command": .string("while true; do touch /tmp/everything_ok; echo 'hello world from component2'; sleep 10; done"),
                      "health_check_script": .string("test -e /tmp/everything_ok")]),
        ]),
    ])

    private static func sampleComponent(ref: String, run: [String: JSONValue]) -> JSONValue {
        .object([
            "component_type": .string("continuous"),
            "build": .object([
                "ref": .string(ref),
                "repository": .string("https://gitlab.wikimedia.org/toolforge-repos/sample-static-buildpack-app"),
            ]),
            "run": .object(run),
        ])
    }
}
