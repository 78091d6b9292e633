import Foundation
import Testing

/// The real `toolforge-components` CLI (PyPI's toolforge-components-cli, installed by
/// scripts/install-deps) with a home of its own: a kubeconfig holding the client certificate
/// (namespace `tool-TOOL`, as on Toolforge) and the API gateway URL.
struct RealToolforgeCLI {
    let environment: [String: String]
    let folder: URL

    /// Where install-deps puts the CLI, else PATH.
    static var executable: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        let venv = URL(fileURLWithPath: home).appendingPathComponent(".local/share/components/toolforge-cli/bin/toolforge-components").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "toolforge-components"
    }

    init(in folder: URL, server: String, tool: String, certificates: TestCertificates) throws {
        let home = folder.appendingPathComponent("home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let kubeconfig = home.appendingPathComponent("kubeconfig")
        let certificate = try Data(contentsOf: certificates.clientCertificate).base64EncodedString()
        let key = try Data(contentsOf: certificates.clientKey).base64EncodedString()
        try """
            apiVersion: v1
            kind: Config
            current-context: toolforge
            clusters:
            - name: toolforge
              cluster: {server: "\(server)"}
            users:
            - name: tf-\(tool)
              user: {client-certificate-data: \(certificate), client-key-data: \(key)}
            contexts:
            - name: toolforge
              context: {cluster: toolforge, user: tf-\(tool), namespace: tool-\(tool)}

            """.write(to: kubeconfig, atomically: true, encoding: .utf8)
        environment = ["HOME": home.path, "KUBECONFIG": kubeconfig.path, "TOOL_TOOLFORGE_API_URL": server]
        self.folder = folder
    }

    /// Runs `toolforge-components ARGUMENTS`, expecting it to succeed.
    @discardableResult
    func run(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws -> ExternalCommand.Result {
        let result = try await ExternalCommand.run(Self.executable, arguments, environment: environment, in: folder)
        #expect(result.status == 0, "toolforge-components \(arguments.joined(separator: " ")): \(result.stdout)\n\(result.stderr)",
                sourceLocation: sourceLocation)
        // The record of every real-client run, for the issue's note.
        print("toolforge-components \(arguments.joined(separator: " ")): exit \(result.status)")
        return result
    }
}
