/// The fields one mapping of a config may hold, in our spelling, plus other spellings that
/// mean the same field. Keys are matched after turning `_` into `-`, so the Toolforge
/// components-api spelling (`reuse_from`) and ours (`reuse-from`) are one field.
struct FieldSchema {
    /// What the mapping is called in messages (`run`, `build`, ...).
    let section: String
    /// Field names in our spelling.
    let fields: [String]
    /// Other spellings (after `_` → `-`) and the field they mean.
    let aliases: [String: String]
    /// Fields where `null` means "left out", as upstream's schema allows (`port: null`);
    /// upstream writes them so when it shows a config.
    let nullable: Set<String>

    init(section: String, fields: [String], aliases: [String: String] = [:], nullable: Set<String> = []) {
        self.section = section
        self.fields = fields
        self.aliases = aliases
        self.nullable = nullable
    }

    /// The field a written key means, or nil when unknown.
    func field(for key: String) -> String? {
        let spelled = String(key.map { $0 == "_" ? "-" : $0 })
        if let alias = aliases[spelled] { return alias }
        return fields.contains(spelled) ? spelled : nil
    }

    static let root = FieldSchema(section: "the top level", fields: ["config-version", "components", "auto-deploy", "source-url"],
        nullable: ["source-url"])

    static let autoDeploy = FieldSchema(section: "auto-deploy", fields: ["poll"])

    static let component = FieldSchema(
        section: "the component", fields: ["description", "type", "build", "run", "wait-for"],
        aliases: ["component-type": "type"])

    static let build = FieldSchema(
        section: "build",
        fields: ["repository", "ref", "path", "command", "reuse-from", "image",
                 "use-latest-versions", "use-deprecated-versions"])

    static let run = FieldSchema(
        section: "run",
        fields: ["command", "port", "port-protocol", "publish", "health-check", "health-check-http",
                 "health-check-script", "replicas", "env", "schedule", "timeout", "retry", "cpu",
                 "memory", "emails", "mount", "filelog", "filelog-stdout", "filelog-stderr"],
        nullable: ["port", "port-protocol", "publish", "health-check", "health-check-http", "health-check-script",
                   "replicas", "cpu", "memory", "emails", "mount", "filelog", "filelog-stdout", "filelog-stderr",
                   "retry", "timeout"])

    static let healthCheck = FieldSchema(section: "health-check", fields: ["type", "path", "command"])
}
