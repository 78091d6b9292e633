/// Where a component's image comes from as decoding found it, with the position of the field
/// that said so, for the cross-component checks; the model's `BuildSource` has no positions.
enum BuildSourceDraft: Equatable {
    case repository
    case image
    case reuseFrom(String, mark: YAMLMark, path: String)
}

/// A reference to another component written in a config (`wait-for` entry), with its
/// position.
struct ComponentReference {
    var name: String
    var mark: YAMLMark
    var path: String
}

/// A component as decoded so far: what is known of it even when parts were invalid, so
/// cross-component rules still run and report everything in one pass.
struct ComponentDraft {
    let name: String
    let keyMark: YAMLMark
    let path: String
    var description: String?
    var type: ComponentType?
    var build: BuildSpec?
    var buildSource: BuildSourceDraft?
    var run = RunSpec()
    var waitFor: [ComponentReference] = []

    /// The model value, when every required part decoded.
    var component: Component? {
        guard let type, let build else { return nil }
        return Component(description: description, type: type, build: build, run: run,
                         waitFor: waitFor.map(\.name))
    }
}
