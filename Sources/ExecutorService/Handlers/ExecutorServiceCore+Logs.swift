import Foundation
import Protocol

extension ExecutorServiceCore {
    /// The most bytes of log one answer carries; a follower asks again from `nextOffset`.
    static let logChunkBytes = 256 * 1024

    /// The last `tail` lines of a build or run log, or the lines after `offset` to follow it;
    /// either way one answer carries at most ``logChunkBytes``, far below the frame limit.
    /// Offsets are ``LogFile``'s logical ones, which stay valid when the file is rotated.
    func logs(_ request: Wire.GetLogsRequest) async throws -> Wire.GetLogsResponse {
        let deployment = try await snapshot(Wire.DeploymentRef(tool: request.tool, deployId: request.deployId))
        guard !request.component.contains("/"), !request.component.hasPrefix(".") else {
            throw RPCError(.invalidArgument, "\"\(request.component)\" is not a component name")
        }
        let phase = request.source == .build ? "build" : "run"
        let log = LogFile(url: configuration.logFolder(request.deployId).appendingPathComponent("\(request.component).\(phase).log"))
        guard FileManager.default.fileExists(atPath: log.url.path) else {
            throw RPCError(.notFound, "no \(phase) log for \(request.component) in deployment \(request.deployId)")
        }
        // A finished build wrote its last byte: a last line without a newline will stay so.
        // A run's process may outlive its step, so its unfinished line waits for the newline.
        let writerEnded = request.source == .build
            && deployment.builds.contains { $0.component == request.component && $0.status.isFinal }
        let chunk = request.offset > 0 || request.tail == 0
            ? log.read(from: request.offset, maxBytes: Self.logChunkBytes, includePartialLine: writerEnded)
            : log.lastLines(Int(request.tail), includePartialLine: writerEnded, maxBytes: Self.logChunkBytes)
        return Wire.GetLogsResponse(lines: chunk.lines, nextOffset: chunk.nextOffset)
    }
}
