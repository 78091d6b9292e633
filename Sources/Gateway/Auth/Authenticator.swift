import Protocol
import Synchronization

/// Tells who a token belongs to by asking the config service every time, so a rotated or
/// deleted token stops working at once, over two lanes so a flood of made-up tokens cannot
/// starve real ones:
/// - a token the config service recently said was valid is asked about on the gateway's
///   main connection to it;
/// - any other token goes over a connection of its own, at most `unknownLimit` at a time
///   with at most `unknownWaitingLimit` waiting, and past that answers 429 at once.
final class Authenticator: Sendable {
    private let known: any RPCCaller
    private let unknown: any RPCCaller
    private let admission: AdmissionLimit
    private let recent = Mutex(RecentTokens())

    init(known: any RPCCaller, unknown: any RPCCaller, unknownLimit: Int = 32, unknownWaitingLimit: Int = 1_024) {
        self.known = known
        self.unknown = unknown
        admission = AdmissionLimit(limit: unknownLimit, waitingLimit: unknownWaitingLimit)
    }

    /// The caller `token` authenticates, or nil when the config service does not know it.
    func authenticate(_ token: String) async throws(GatewayError) -> Caller? {
        let key = RecentTokens.key(token)
        let answer: Wire.AuthenticateTokenResponse?
        if recent.withLock({ $0.contains(key) }) {
            answer = try await ask(known, token)
        } else {
            guard await admission.enter() else {
                throw .tooManyRequests("too many requests with tokens the gateway has not seen lately are being checked; retry in a moment")
            }
            do {
                answer = try await ask(unknown, token)
            } catch {
                await admission.leave()
                throw error
            }
            await admission.leave()
        }
        guard let answer, let caller = Caller(answer) else {
            recent.withLock { $0.forget(key) }
            return nil
        }
        recent.withLock { $0.validated(key) }
        return caller
    }

    /// The config service's answer; nil when it does not know the token.
    private func ask(_ lane: any RPCCaller, _ token: String) async throws(GatewayError) -> Wire.AuthenticateTokenResponse? {
        do {
            return try await lane.call(ConfigMethod.authenticateToken, Wire.AuthenticateTokenRequest(token: token), timeout: .seconds(5))
        } catch where error.code == .unauthenticated {
            return nil
        } catch {
            throw GatewayError(error, service: "config")
        }
    }
}
