import Foundation

/// The seed-000 toolhunt example of `examples/toolhunt`, made into local git repositories by
/// its own `make-repos` script, so tests deploy exactly what the README demo deploys.
public enum ToolhuntExample {
    /// The repository's `examples/toolhunt/make-repos`.
    public static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/toolhunt/make-repos").standardized
    }

    /// Makes the repositories under `folder` and answers the path of their `components.yaml`.
    public static func make(in folder: URL) async throws -> URL {
        let output = try await ComponentsdProcess.runOnce([], executable: script, extra: [folder.path])
        return URL(fileURLWithPath: output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
