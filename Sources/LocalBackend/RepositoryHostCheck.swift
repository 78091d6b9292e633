import ToolConfig

/// Refuses a repository whose host resolves to a loopback, private, link-local or other
/// non-public address, before git contacts it: validation only sees the name, and DNS can
/// point a public-looking name anywhere.
///
/// git resolves the name again when it connects, so a name whose answer changes between the
/// two lookups (DNS rebinding with a short TTL) can still reach a private address in that
/// window; git offers no way to pin the address we checked (curl's `--resolve` is not
/// exposed as a git setting). What is cheap is done: redirects are not followed (a redirect
/// would skip this check entirely), and connection errors are redacted, so the window gives
/// a blind request at best. Operators who need more put the executor behind an egress
/// firewall.
enum RepositoryHostCheck {
    /// Throws `.invalidRepository` when `repository`'s host (an http, https or git URL) does
    /// not resolve, or resolves to any non-public address. Other URLs pass.
    static func check(_ repository: String) async throws(LocalBackendError) {
        guard let host = RepositoryURLRule.host(of: repository) else { return }
        if let kind = HostAddressRule.nonPublicKind(ofHost: host) {
            throw refusal(repository, "is a \(kind) address")
        }
        switch await HostResolver.resolve(host) {
        case .failure(let failure):
            throw LocalBackendError(code: .invalidRepository,
                message: "cannot resolve the host of repository \(repository) (\(failure.reason)); check the host name")
        case .success(let addresses):
            if let kind = addresses.lazy.compactMap(\.nonPublicKind).first {
                throw refusal(repository, "resolves to a \(kind) address")
            }
        }
    }

    private static func refusal(_ repository: String, _ why: String) -> LocalBackendError {
        LocalBackendError(code: .invalidRepository,
            message: "the host of repository \(repository) \(why), which could reach services that are not meant to be public; use a public host, or start the executor with --allow-private-repositories")
    }
}
