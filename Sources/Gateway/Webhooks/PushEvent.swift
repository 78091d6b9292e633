import Foundation

/// A push, as GitHub and GitLab describe it in their webhook payloads: which repository, which
/// ref (full name, `refs/heads/main`), from which commit to which.
///
/// Payloads come from anyone who can reach the gateway, so they are read defensively: only
/// the few fields needed, each of a checked type and length; anything else is ignored.
struct PushEvent: Sendable, Hashable {
    /// URLs the repository is known by (clone and web), most specific first.
    var repositories: [String]
    var ref: String
    var before: String
    var after: String

    /// Whether the push deleted the ref (after is all zeros).
    var deletesRef: Bool { !after.isEmpty && after.allSatisfy { $0 == "0" } }

    /// The longest URL or ref kept; longer ones are refused.
    static let maxFieldLength = 2_048

    /// The fields both providers' push payloads share, and where each names the repository:
    /// GitHub in `repository`, GitLab in `project`.
    private struct Payload: Decodable {
        var ref: String
        var before: String?
        var after: String?
        var repository: Place?
        var project: Place?

        struct Place: Decodable {
            var cloneURL: String?
            var htmlURL: String?
            var gitHTTPURL: String?
            var webURL: String?
            enum CodingKeys: String, CodingKey {
                case cloneURL = "clone_url", htmlURL = "html_url", gitHTTPURL = "git_http_url", webURL = "web_url"
            }
        }

        var event: PushEvent {
            let places = [repository, project].compactMap { $0 }
            return PushEvent(repositories: places.flatMap { [$0.cloneURL, $0.gitHTTPURL, $0.htmlURL, $0.webURL].compactMap { $0 } },
                             ref: ref, before: before ?? "", after: after ?? "")
        }
    }

    /// A GitHub `push` or GitLab `Push Hook`/`Tag Push Hook` payload; throws
    /// ``PushEventError`` with what is wrong.
    static func parse(_ body: Data) throws(PushEventError) -> PushEvent {
        try checked(try decode(body).event)
    }

    private static func decode(_ body: Data) throws(PushEventError) -> Payload {
        do {
            return try JSONDecoder().decode(Payload.self, from: body)
        } catch let DecodingError.keyNotFound(key, context) {
            throw PushEventError("the payload has no \(Self.path(context.codingPath + [key])); is this a push event?")
        } catch let DecodingError.typeMismatch(_, context) {
            throw PushEventError("the payload's \(Self.path(context.codingPath)) has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw PushEventError("the payload's \(Self.path(context.codingPath)) is null")
        } catch {
            throw PushEventError("the payload is not valid JSON")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }

    private static func checked(_ event: PushEvent) throws(PushEventError) -> PushEvent {
        let fields = [event.ref, event.before, event.after] + event.repositories
        guard fields.allSatisfy({ $0.utf8.count <= maxFieldLength }) else {
            throw PushEventError("a field of the payload is longer than \(maxFieldLength) bytes")
        }
        guard !event.repositories.isEmpty else { throw PushEventError("the payload names no repository URL") }
        guard event.ref.hasPrefix("refs/") else { throw PushEventError("the payload's ref \"\(event.ref.prefix(100))\" is not a full ref name") }
        for commit in [event.before, event.after] where !commit.isEmpty {
            guard commit.count == 40, commit.allSatisfy(\.isHexDigit) else {
                throw PushEventError("the payload's before/after is not a commit id")
            }
        }
        return event
    }
}

/// Why a payload could not be read.
struct PushEventError: Error, Sendable, Hashable {
    var message: String
    init(_ message: String) { self.message = message }
}
