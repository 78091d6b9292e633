#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a log writer process does: reads a run's output from a pipe and appends it to a
/// ``RotatingLog``, one bounded chunk at a time, until every writer of the pipe closed it.
///
/// Memory stays at one buffer whatever the process writes; when the disk refuses a chunk it
/// is dropped, so the run never blocks on a full pipe because its log cannot grow.
public enum LogPump {
    /// The most bytes read, and held, at once.
    public static let bufferBytes = 64 * 1024

    /// Pumps `input` into `log` until end of file; answers how many bytes could not be written.
    @discardableResult
    public static func run(from input: Int32, into log: RotatingLog) -> UInt64 {
        let lock = log.openLock()
        defer { if lock >= 0 { close(lock) } }
        var descriptor: Int32 = -1
        defer { if descriptor >= 0 { close(descriptor) } }
        var lost: UInt64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferBytes, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            let written = log.withLock(exclusive: true, using: lock) { log.append(chunk, descriptor: &descriptor) }
            if !written { lost += UInt64(count) }
        }
        return lost
    }
}
