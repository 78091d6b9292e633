import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The processes the executor starts that no database row tracks: scheduled runs and build
/// commands. Each has a file `<pid>-<start time>` under the ledger's folder from its start
/// until it is reaped, so an executor that was killed (`kill -9`) finds and ends them on its
/// next start instead of leaving them orphaned.
///
/// The files need no `fsync`: they matter only while the machine stays up, and a killed
/// process's writes stay in the page cache.
public struct ProcessLedger: Sendable {
    /// The folder of the entries.
    public let directory: URL

    /// A ledger in `directory`, which is created (0700) on the first entry.
    public init(directory: URL) {
        self.directory = directory
    }

    /// Notes that `process` started; `what` says what it is ("scheduled run of tool/cleanup").
    public func started(_ process: RecordedProcess, what: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let url = entry(process)
        guard FileManager.default.createFile(atPath: url.path, contents: Data((what + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw LocalBackendError(code: .spawnFailed, message: "cannot record the process \(process.pid) in \(directory.path)")
        }
    }

    /// Notes that `process` ended and was reaped.
    public func ended(_ process: RecordedProcess) {
        unlink(entry(process).path)
    }

    /// Ends every process an earlier executor recorded and did not see end: its group gets
    /// SIGKILL if that process (pid *and* start time) still runs. Answers what was ended.
    @discardableResult
    public func endLeftovers(logger: Logger) async -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var ended: [String] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            let parts = name.split(separator: "-")
            guard parts.count == 2, let pid = pid_t(parts[0]), let startTime = UInt64(parts[1]) else {
                logger.warning("ignored a stray file in the process ledger", metadata: ["file": "\(url.path)"])
                continue
            }
            let process = RecordedProcess(pid: pid, startTime: startTime)
            let what = ((try? String(contentsOf: url, encoding: .utf8)) ?? "a process").trimmingCharacters(in: .whitespacesAndNewlines)
            if process.isRunning {
                process.signalGroup(SIGKILL)
                let deadline = ContinuousClock.now + .seconds(5)
                while process.isRunning && ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                logger.notice("ended a process the previous executor left running", metadata: ["pid": "\(pid)", "what": "\(what)"])
                ended.append(what)
            }
            unlink(url.path)
        }
        return ended
    }

    private func entry(_ process: RecordedProcess) -> URL {
        directory.appendingPathComponent("\(process.pid)-\(process.startTime)")
    }
}
