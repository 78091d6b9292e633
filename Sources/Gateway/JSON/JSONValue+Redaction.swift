import ComponentsAPI

extension JSONValue {
    /// What stands in for a secret.
    static let redacted = JSONValue.string("***")

    /// This canonical tool config with the value of every `components.*.run.env` entry
    /// replaced by `***`; the names stay, so a reader still sees what is set.
    func withEnvValuesRedacted() -> JSONValue {
        guard var root = objectMembers, let components = root["components"]?.objectMembers else { return self }
        root["components"] = .object(components.mapValues { component in
            guard var fields = component.objectMembers, var run = fields["run"]?.objectMembers,
                  let env = run["env"]?.objectMembers else { return component }
            run["env"] = .object(env.mapValues { _ in Self.redacted })
            fields["run"] = .object(run)
            return .object(fields)
        })
        return .object(root)
    }
}
