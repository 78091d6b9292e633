import Foundation
import HTTPClient
import ToolConfig

/// Fetches the document a `source_url` names, under the same host policy as repositories:
/// the URL must pass ``SourceURLRule``; unless private hosts are allowed, every address the
/// host resolves to must be public and libcurl connects to the checked address (no second
/// lookup that DNS rebinding could answer differently); proxies are not used; redirects are
/// never followed (a redirect would reach a host that was not checked), and the body is
/// capped in size and the whole transfer in time.
public enum SourceDocumentFetcher {
    /// Fetches `url`, or says why not.
    public static func fetch(_ url: String, policy: SourceFetchPolicy) async throws(SourceFetchError) -> FetchedSourceDocument {
        if let problem = SourceURLRule.problem(with: url, allowPrivate: policy.allowPrivate, allowInsecure: policy.allowInsecure) {
            throw SourceFetchError(.refused, url: url, problem)
        }
        guard let host = RepositoryURLRule.host(of: url) else { throw SourceFetchError(.refused, url: url, "it has no host") }
        // One time cap for the whole fetch, the name lookup included.
        let deadline = ContinuousClock.now + policy.timeout
        var pinned: [String] = []
        if !policy.allowPrivate {
            switch await HostResolver.resolve(host, within: policy.timeout) {
            case .failure(let failure):
                throw SourceFetchError(.unreachable, url: url, "cannot resolve its host (\(failure.reason)); check the host name")
            case .success(let addresses):
                if let kind = addresses.lazy.compactMap(\.nonPublicKind).first {
                    throw SourceFetchError(.refused, url: url,
                        "its host resolves to a \(kind) address, which could reach services that are not meant to be public; use a public host, or start the service with --allow-private-repositories")
                }
                pinned = ["\(host):\(port(of: url)):" + addresses.map(\.pinText).joined(separator: ",")]
            }
        }
        let remaining = deadline - ContinuousClock.now
        guard remaining > .milliseconds(1) else {
            throw SourceFetchError(.timedOut, url: url, "no complete answer within \(policy.timeout.formattedSeconds); its host name took that long to resolve")
        }
        let request = HTTPRequest(url: url, headers: [("Accept", "application/yaml, application/json, text/yaml, text/plain, */*")],
                                  timeout: remaining, useProxy: false, maxBodyBytes: policy.maxBytes,
                                  pinnedAddresses: pinned, protocols: policy.allowInsecure ? "http,https" : "https")
        let response: HTTPResponse
        do {
            response = try await CurlHTTPClient.perform(request)
        } catch {
            if error.isTooLarge {
                throw SourceFetchError(.tooLarge, url: url, "the document is larger than the limit of \(policy.maxBytes) bytes; a tool config is much smaller")
            }
            if error.isTimeout {
                throw SourceFetchError(.timedOut, url: url, "no complete answer within \(policy.timeout.formattedSeconds); check that the server answers quickly")
            }
            throw SourceFetchError(.unreachable, url: url, "the request failed (\(error.message))")
        }
        if (300..<400).contains(response.status) {
            let target = response.redirectURL.map { " to \($0)" } ?? ""
            throw SourceFetchError(.badStatus, url: url,
                "it answered a redirect (HTTP \(response.status))\(target); redirects are not followed, write the final address as source_url")
        }
        guard (200..<300).contains(response.status) else {
            throw SourceFetchError(.badStatus, url: url, "it answered HTTP \(response.status); source_url must serve the config document itself (a raw file)")
        }
        return FetchedSourceDocument(url: url, bytes: response.body, fetchedAtMs: Int64(Date().timeIntervalSince1970 * 1000))
    }

    /// The port the URL connects to: written, or the scheme's.
    static func port(of url: String) -> Int {
        let https = url.lowercased().hasPrefix("https:")
        guard let separator = url.range(of: "://") else { return https ? 443 : 80 }
        let rest = url[separator.upperBound...]
        var authority = rest[..<(rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex)]
        if let close = authority.lastIndex(of: "]") { authority = authority[authority.index(after: close)...] }
        if let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]) { return port }
        return https ? 443 : 80
    }
}

extension Duration {
    /// "10 s", "1.5 s".
    var formattedSeconds: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
