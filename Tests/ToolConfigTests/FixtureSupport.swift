import Foundation
import ToolConfig

/// Finds and reads the fixture files under `Tests/Fixtures`, located from this source file
/// rather than bundle resources so that `swift test` needs no resource processing.
enum FixtureSupport {
    /// `Tests/` of the repository.
    static let testsDirectory: URL = {
        // Resolved, so that a package whose test folder is a symlink still finds Tests/Fixtures.
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        while url.pathComponents.count > 1 && url.lastPathComponent != "Tests" {
            url.deleteLastPathComponent()
        }
        return url
    }()

    static func directory(_ kind: String) -> URL {
        testsDirectory.appendingPathComponent("Fixtures").appendingPathComponent(kind)
    }

    /// File names of one fixture folder (`valid` or `invalid`), sorted.
    static func names(_ kind: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory(kind).path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
    }

    static func bytes(_ kind: String, _ name: String) -> [UInt8] {
        let data = FileManager.default.contents(atPath: directory(kind).appendingPathComponent(name).path)
        return [UInt8](data ?? Data())
    }

    static func text(_ kind: String, _ name: String) -> String {
        String(decoding: bytes(kind, name), as: UTF8.self)
    }

    /// The registry used by fixtures that declare `# options: images`.
    static let images = [
        KnownImage(name: "python3.11", aliases: ["tf-python311", "python311"]),
        KnownImage(name: "php8.2", aliases: ["tf-php82"]),
        KnownImage(name: "php7.4", aliases: ["tf-php74"], isDeprecated: true),
        KnownImage(name: "node18"),
    ]
}

/// The `# key: value` header lines of a fixture.
struct FixtureHeader {
    /// `# expect: PATH @ LINE`; `(root)` stands for the empty path.
    var expectations: [(path: String, line: Int)] = []
    /// `# warn: PATH @ LINE`.
    var warnings: [(path: String, line: Int)] = []
    /// `# message: TEXT` that the expected error's message contains.
    var message: String?
    /// `# same-as: FILE` whose content hash must be equal.
    var sameAs: String?
    var options = ValidationOptions()

    init(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("# "), let colon = line.firstIndex(of: ":") else { continue }
            let key = line[line.index(line.startIndex, offsetBy: 2)..<colon]
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "expect": if let parsed = Self.location(value) { expectations.append(parsed) }
            case "warn": if let parsed = Self.location(value) { warnings.append(parsed) }
            case "message": message = value
            case "same-as": sameAs = value
            case "options": applyOptions(value)
            default: break
            }
        }
    }

    private static func location(_ value: String) -> (path: String, line: Int)? {
        let parts = value.components(separatedBy: " @ ")
        guard parts.count == 2, let line = Int(parts[1]) else { return nil }
        return (parts[0] == "(root)" ? "" : parts[0], line)
    }

    private mutating func applyOptions(_ value: String) {
        for token in value.split(separator: " ") {
            let pair = token.split(separator: "=")
            let number = pair.count == 2 ? Int(pair[1]) : nil
            switch pair[0] {
            case "allow-local": options.allowLocalRepositories = true
            case "allow-private": options.allowPrivateRepositories = true
            case "allow-insecure": options.allowInsecureRepositories = true
            case "images": options.knownImages = FixtureSupport.images
            case "max-bytes": options.limits.maxDocumentBytes = number ?? 0
            case "max-depth": options.limits.maxDepth = number ?? 0
            case "max-components": options.limits.maxComponents = number ?? 0
            case "max-nodes": options.limits.maxNodes = number ?? 0
            default: break
            }
        }
    }
}
