/// `build.image`: a name of the image registry (seed 003), not a raw image reference.
enum ImageNameRule {
    /// The registry name `name` stands for (aliases are normalised to the primary name), or
    /// nil after reporting why it is refused. Without a registry only the form is checked.
    static func resolve(_ name: String, path: String, mark: YAMLMark, context: inout DecodingContext) -> String? {
        let wellFormed = !name.isEmpty && name.utf8.count <= 128 && name.allSatisfy {
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_")
        }
        guard wellFormed else {
            context.error(path, mark,
                "image \"\(name.truncatedForMessage)\" is not an image name; use a name from the image registry such as python3.11 (`components images` lists them), not a full image reference")
            return nil
        }
        guard let images = context.options.knownImages else { return name }
        if let image = images.first(where: { $0.name == name || $0.aliases.contains(name) }) {
            if image.isDeprecated {
                let stable = images.filter { !$0.isDeprecated }.map(\.name).sorted()
                let hint = stable.isEmpty ? "" : " (available: \(stable.joined(separator: ", ")))"
                context.warning(path, mark,
                    "image \"\(name)\" is deprecated and will be removed; move to a current image\(hint)")
            }
            return image.name
        }
        let valid = images.filter { !$0.isDeprecated }.map(\.name).sorted()
        let suggestion = FieldSuggester.suggestion(for: name, among: images.map(\.name)).map { "did you mean \"\($0)\"? " } ?? ""
        context.error(path, mark,
            "image \"\(name.truncatedForMessage)\" is not in the image registry; \(suggestion)use one of: \(valid.joined(separator: ", "))")
        return nil
    }
}
