import Foundation
import Hummingbird
import NIOCore

// Reading what a request carries, failing with the error the caller should see.

extension Request {
    /// The body as UTF-8 text, at most `limit` bytes (413 beyond).
    func text(limit: Int) async throws(GatewayError) -> String {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw .bodyTooLarge(limit: limit)
        } catch {
            throw GatewayError(.badRequest, "the request body could not be read; send it again", cause: "\(error)")
        }
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes, encoding: .utf8) else {
            throw .badRequest("the request body is not UTF-8 text")
        }
        return text
    }

    /// The body's bytes as they came, at most `limit` (413 beyond).
    func bytes(limit: Int) async throws(GatewayError) -> Data {
        do {
            var buffer = try await body.collect(upTo: limit)
            return Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch is NIOTooManyBytesError {
            throw .bodyTooLarge(limit: limit)
        } catch {
            throw GatewayError(.badRequest, "the request body could not be read; send it again", cause: "\(error)")
        }
    }

    /// The first value of query parameter `name`, `nil` when absent.
    func query(_ name: String) -> String? {
        uri.queryParameters[name[...]].map(String.init)
    }

    /// A query flag under any of `names`: absent is `nil`; `?flag`, `true`, `1` and `yes`
    /// are true; `false`, `0` and `no` are false.
    func flag(_ names: String...) throws(GatewayError) -> Bool? {
        for name in names {
            guard let value = query(name) else { continue }
            guard let flag = QueryFlag.parse(value) else {
                throw .badRequest("the query parameter \(name) must be true or false, not \"\(value)\"")
            }
            return flag
        }
        return nil
    }

    /// A non-negative integer query parameter; `nil` when absent.
    func unsignedInteger<T: FixedWidthInteger & UnsignedInteger>(_ name: String, as: T.Type) throws(GatewayError) -> T? {
        guard let value = query(name) else { return nil }
        guard let number = T(value) else {
            throw .badRequest("the query parameter \(name) must be a whole number from 0 to \(T.max), not \"\(value)\"")
        }
        return number
    }
}

/// The spellings of booleans accepted in query strings and JSON bodies.
enum QueryFlag {
    static func parse(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "", "true", "1", "yes": true
        case "false", "0", "no": false
        default: nil
        }
    }
}

extension GatewayRequestContext {
    /// The `{tool}` of the path, already checked by ``AuthMiddleware``.
    var tool: String {
        get throws(GatewayError) {
            guard let tool = parameters.get("tool") else { throw .badRequest("the path names no tool") }
            try ToolName.validate(tool)
            return tool
        }
    }

    /// The path parameter `name`.
    func pathParameter(_ name: String) throws(GatewayError) -> String {
        guard let value = parameters.get(name), !value.isEmpty else { throw .badRequest("the path has no \(name)") }
        return value
    }
}
