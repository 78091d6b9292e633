/// Decodes `build:`: exactly one source (repository, reuse-from or image) and the settings
/// that only make sense with a repository.
enum BuildSpecDecoder {
    private static let sources = ["repository", "reuse-from", "image"]
    private static let repositoryOnly = ["ref", "path", "command", "use-latest-versions", "use-deprecated-versions"]

    static func decode(_ node: YAMLNode, path: String, componentPath: String, ownerMark: YAMLMark,
                       context: inout DecodingContext) -> (spec: BuildSpec?, source: BuildSourceDraft?) {
        guard let reader = MappingReader(node, path: path, ownerMark: ownerMark, schema: .build,
                                         elsewhere: [(ConfigPath.join(componentPath, "run"), .run),
                                                     (componentPath, .component)],
                                         context: &context)
        else { return (nil, nil) }
        var spec = BuildSpec()
        var valid = true

        let present = sources.filter { reader.node($0) != nil }
        guard let sourceField = present.first else {
            context.error(path, ownerMark,
                "build needs exactly one source: add repository: URL, reuse-from: COMPONENT or image: NAME")
            return (nil, nil)
        }
        for extra in present.dropFirst() {
            context.error(reader.path(extra), reader.keyMark(extra) ?? ownerMark,
                "build has both \(sourceField) and \(extra); keep exactly one source")
            valid = false
        }

        var source: BuildSourceDraft?
        switch sourceField {
        case "repository":
            source = .repository
            if let node = reader.node("repository"), let url = context.nonEmptyString(node, reader.path("repository"), "repository") {
                if let problem = RepositoryURLRule.problem(
                    with: url, allowLocal: context.options.allowLocalRepositories,
                    allowPrivate: context.options.allowPrivateRepositories, allowInsecure: context.options.allowInsecureRepositories) {
                    context.error(reader.path("repository"), node.mark, problem)
                    valid = false
                } else {
                    spec.repository = url
                }
            } else { valid = false }
        case "reuse-from":
            if let node = reader.node("reuse-from"), let target = context.nonEmptyString(node, reader.path("reuse-from"), "reuse-from") {
                spec.reuseFrom = target
                source = .reuseFrom(target, mark: node.mark, path: reader.path("reuse-from"))
            } else { valid = false }
        default:
            source = .image
            if let node = reader.node("image"), let name = context.nonEmptyString(node, reader.path("image"), "image") {
                spec.image = ImageNameRule.resolve(name, path: reader.path("image"), mark: node.mark, context: &context)
                valid = valid && spec.image != nil
            } else { valid = false }
        }

        for field in repositoryOnly where reader.node(field) != nil && sourceField != "repository" {
            context.error(reader.path(field), reader.keyMark(field) ?? ownerMark,
                "\(field) only applies when building from a repository; remove it (\(sourceField) already decides the image)")
            valid = false
        }
        if let node = reader.node("ref"), sourceField == "repository",
           let ref = context.nonEmptyString(node, reader.path("ref"), "ref") {
            if let problem = GitRefRule.problem(with: ref) {
                context.error(reader.path("ref"), node.mark, problem)
                valid = false
            } else {
                spec.ref = ref
            }
        }
        if let node = reader.node("path"), sourceField == "repository",
           let text = context.nonEmptyString(node, reader.path("path"), "path") {
            switch BuildPathRule.normalize(text) {
            case .success(let normalized): spec.path = normalized
            case .failure(let problem):
                context.error(reader.path("path"), node.mark, problem.message)
                valid = false
            }
        }
        if let node = reader.node("command"), sourceField == "repository" {
            spec.command = context.nonEmptyString(node, reader.path("command"), "build command")
            valid = valid && spec.command != nil
        }
        if let node = reader.node("use-latest-versions"), sourceField == "repository" {
            spec.useLatestVersions = context.bool(node, reader.path("use-latest-versions"), "use-latest-versions")
            if spec.useLatestVersions == true { context.noteIgnored("use-latest-versions", in: reader) }
            valid = valid && spec.useLatestVersions != nil
        }
        if let node = reader.node("use-deprecated-versions"), sourceField == "repository" {
            spec.useDeprecatedVersions = context.bool(node, reader.path("use-deprecated-versions"), "use-deprecated-versions")
            if spec.useDeprecatedVersions == true { context.noteIgnored("use-deprecated-versions", in: reader) }
            valid = valid && spec.useDeprecatedVersions != nil
        }
        return (valid ? spec : nil, source)
    }
}
