import Synchronization

/// At most `perTool` webhook deliveries of one tool are read and verified at a time; more
/// answer 429 at once. Webhooks need no token, so anyone can send them: this keeps a flood
/// (or slow bodies) aimed at one tool from holding the gateway's work for the others.
final class WebhookAdmission: Sendable {
    private let perTool: Int
    private let inFlight = Mutex<[String: Int]>([:])

    init(perTool: Int = 4) {
        self.perTool = max(1, perTool)
    }

    /// Takes a place for `tool`; false when the tool has `perTool` deliveries in flight.
    func enter(_ tool: String) -> Bool {
        inFlight.withLock { counts in
            guard counts[tool, default: 0] < perTool else { return false }
            counts[tool, default: 0] += 1
            return true
        }
    }

    /// Gives `tool`'s place back; a tool with none in flight takes no memory.
    func leave(_ tool: String) {
        inFlight.withLock { counts in
            let left = counts[tool, default: 1] - 1
            counts[tool] = left > 0 ? left : nil
        }
    }

    /// Deliveries in flight, by tool (for tests).
    var counts: [String: Int] { inFlight.withLock { $0 } }
}
