import ToolConfig

/// Turns a document a user sent into the config to store, following upstream's `source_url`
/// rule: when the document names one, everything else in it is ignored and the config is the
/// document fetched from the URL, validated as any config, with `source-url` kept so that
/// every deployment fetches it again. A fetched document's own `source_url` is not followed
/// (no chains): the URL the user wrote stays the one fetched.
struct SourceConfigResolver: Sendable {
    /// Validation of documents (the user's and the fetched one).
    var options: ValidationOptions
    /// What may be fetched.
    var policy: SourceFetchPolicy
    /// The fetch; a parameter so that tests can count or replace it.
    var fetch: @Sendable (String, SourceFetchPolicy) async throws -> FetchedSourceDocument = { url, policy in
        try await SourceDocumentFetcher.fetch(url, policy: policy)
    }

    /// The outcome: the validation of the config to store, the text to store as its source
    /// (the fetched document when there is one) and the fetched document.
    struct Resolution: Sendable {
        var result: ValidationResult
        var source: String
        var document: FetchedSourceDocument?
    }

    /// Resolves a document a user sent.
    func resolve(_ text: String) async -> Resolution {
        var pointerOptions = options
        pointerOptions.fetchesSourceURL = true
        let local = ToolConfigParser.parse(text, options: pointerOptions)
        guard let url = local.config?.sourceURL else { return Resolution(result: local, source: text, document: nil) }
        var resolution = await fetchConfig(from: url, mark: SourceURLRule.position(in: text))
        resolution.result.warnings = local.warnings + resolution.result.warnings
        return resolution
    }

    /// Fetches and validates the config at `url` (a stored config's `source-url`); problems
    /// with the fetch itself are reported at `mark` of the document that named the URL.
    func fetchConfig(from url: String, mark: (line: Int, column: Int) = (1, 1)) async -> Resolution {
        let document: FetchedSourceDocument
        do {
            document = try await fetch(url, policy)
        } catch {
            let message = (error as? SourceFetchError)?.description ?? "could not fetch the config from source_url \(url): \(error)"
            let violation = ConfigViolation(path: "source-url", line: mark.line, column: mark.column, message: message)
            return Resolution(result: ValidationResult(config: nil, errors: [violation], warnings: []), source: "", document: nil)
        }
        let fetched = ToolConfigParser.parse(bytes: document.bytes, options: options)
        var result = ValidationResult(config: fetched.config, errors: fetched.errors.map { Self.located($0, in: url) },
                                      warnings: fetched.warnings.map { Self.located($0, in: url) })
        if let own = fetched.config?.sourceURL, own != url {
            result.warnings.append(ConfigViolation(path: "source-url", line: mark.line, column: mark.column,
                message: "the document fetched from \(url) names another source_url (\(own)); it is not followed: the config is always fetched from \(url)"))
        }
        result.config?.sourceURL = url
        return Resolution(result: result, source: String(decoding: document.bytes, as: UTF8.self), document: document)
    }

    /// A problem of the fetched document, its message naming the URL with the line and
    /// column, which are the fetched document's.
    static func located(_ violation: ConfigViolation, in url: String) -> ConfigViolation {
        var copy = violation
        copy.message = "in \(url), line \(violation.line), column \(violation.column): \(violation.message)"
        return copy
    }
}
