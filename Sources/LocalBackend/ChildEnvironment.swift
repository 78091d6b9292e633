import ExecutorService
import Foundation

/// The environment children start from: the few variables programs expect (`PATH`, `HOME`,
/// locale, time zone) taken from the executor, and nothing else, so that the executor's own
/// secrets and settings (service tokens, `GIT_*`) never reach user code.
public enum ChildEnvironment {
    /// Variables passed through from the executor when it has them.
    public static let passedThrough = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SHELL"]

    /// The base environment, with `extra` laid over it (later values win).
    public static func make(_ extra: [String: String] = [:]) -> [String: String] {
        let current = ProcessInfo.processInfo.environment
        var result: [String: String] = [:]
        for name in passedThrough {
            if let value = current[name] { result[name] = value }
        }
        if result["PATH"] == nil { result["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        result.merge(extra) { _, new in new }
        return result
    }
}
