internal import CProto
internal import CProtobufC
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bridge every generated message implements: how to move between the Swift value and
/// the protobuf-c struct. Only the generated `*+CProto.swift` files and this file see C types.
protocol CBackedMessage: WireMessage {
    associatedtype CMessage
    static func cUnpack(_ count: Int, _ data: UnsafePointer<UInt8>) -> UnsafeMutablePointer<CMessage>?
    static func cFree(_ message: UnsafeMutablePointer<CMessage>)
    static func cInit(_ message: UnsafeMutablePointer<CMessage>)
    static func cPackedSize(_ message: UnsafePointer<CMessage>) -> Int
    static func cPack(_ message: UnsafePointer<CMessage>, _ out: UnsafeMutablePointer<UInt8>) -> Int
    init(cMessage: UnsafePointer<CMessage>)
    func fill(_ c: UnsafeMutablePointer<CMessage>, arena: WireArena)
}

extension CBackedMessage {
    /// Unpacks with protobuf-c and always frees the unpacked struct.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(RPCError) -> Self {
        // protobuf-c wants a valid pointer even for an empty message.
        var empty: UInt8 = 0
        let unpacked: UnsafeMutablePointer<CMessage>?
        if let base = bytes.baseAddress, bytes.count > 0 {
            unpacked = cUnpack(bytes.count, base.assumingMemoryBound(to: UInt8.self))
        } else {
            unpacked = withUnsafePointer(to: &empty) { cUnpack(0, $0) }
        }
        guard let unpacked else {
            throw RPCError(.invalidArgument, "payload is not a valid \(Self.self) message")
        }
        defer { cFree(unpacked) }
        return Self(cMessage: unpacked)
    }

    /// Calls `body` with this message as a protobuf-c struct that lives only during the call.
    func withCMessage<R>(_ body: (UnsafePointer<CMessage>) throws -> R) rethrows -> R {
        let arena = WireArena()
        let c = UnsafeMutablePointer<CMessage>.allocate(capacity: 1)
        defer {
            c.deallocate()
            arena.release()
        }
        fill(c, arena: arena)
        return try body(c)
    }

    /// Packed size and a packer, for writing straight into a buffer.
    func pack<R>(_ body: (_ size: Int, _ pack: (UnsafeMutablePointer<UInt8>) -> Int) throws -> R) rethrows -> R {
        try withCMessage { c in
            try body(Self.cPackedSize(c)) { out in Self.cPack(c, out) }
        }
    }

    static func decode(bytes: [UInt8]) throws(RPCError) -> Self {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(RPCError) -> Self in try Self.decode(raw) }
        }.get()
    }

    func encodedBytes() -> [UInt8] {
        pack { size, packer in
            guard size > 0 else { return [] }
            return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                count = buffer.baseAddress.map(packer) ?? 0
            }
        }
    }
}

/// Owns every C allocation made while filling one protobuf-c struct; frees them together.
final class WireArena {
    private var mallocated: [UnsafeMutableRawPointer] = []
    private var allocated: [UnsafeMutableRawPointer] = []

    func string(_ value: String) -> UnsafeMutablePointer<CChar> {
        guard let copy = strdup(value) else { fatalError("out of memory copying a string for protobuf-c") }
        mallocated.append(UnsafeMutableRawPointer(copy))
        return copy
    }

    func bytes(_ value: [UInt8]) -> ProtobufCBinaryData {
        guard !value.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        let data = UnsafeMutablePointer<UInt8>.allocate(capacity: value.count)
        data.initialize(from: value, count: value.count)
        allocated.append(UnsafeMutableRawPointer(data))
        return ProtobufCBinaryData(len: value.count, data: data)
    }

    func array<T>(_ values: [T]) -> UnsafeMutablePointer<T>? {
        guard !values.isEmpty else { return nil }
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: values.count)
        pointer.initialize(from: values, count: values.count)
        allocated.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    func message<M: CBackedMessage>(_ value: M) -> UnsafeMutablePointer<M.CMessage> {
        let pointer = UnsafeMutablePointer<M.CMessage>.allocate(capacity: 1)
        allocated.append(UnsafeMutableRawPointer(pointer))
        value.fill(pointer, arena: self)
        return pointer
    }

    /// Frees everything; the arena's C structs must not be used afterwards.
    func release() {
        mallocated.forEach { free($0) }
        allocated.forEach { $0.deallocate() }
        mallocated.removeAll()
        allocated.removeAll()
    }
}

/// A C string as a Swift string; NULL reads as empty.
func stringFromC(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}

/// Protobuf `bytes` as a Swift array.
func bytesFromC(_ data: ProtobufCBinaryData) -> [UInt8] {
    guard let base = data.data, data.len > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: base, count: data.len))
}
