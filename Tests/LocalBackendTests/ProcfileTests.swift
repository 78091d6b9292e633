import Foundation
import Testing

@testable import ExecutorService
@testable import LocalBackend

@Suite struct ProcfileTests {
    @Test func parsesEntries() {
        let procfile = Procfile(parsing: """
        # processes
        web: gunicorn app:app --bind 0.0.0.0:$PORT
        worker:celery -A tasks worker\r
        migrate-db :  flask db upgrade

        not an entry
        bad name: x
        web: python serve.py
        """)
        #expect(procfile.command(named: "web") == "python serve.py")
        #expect(procfile.command(named: "worker") == "celery -A tasks worker")
        #expect(procfile.command(named: "migrate-db") == "flask db upgrade")
        #expect(procfile.command(named: "bad name") == nil)
        #expect(procfile.entries.map(\.name) == ["web", "worker", "migrate-db"])
    }

    @Test func resolvesCommandsAgainstAnImageFolder() async throws {
        try await withTemporaryDirectory { root in
            #expect(try await Procfile.resolveCommand("web", in: root) == "web")
            try "web: ./serve --port $PORT\n".write(to: root.appendingPathComponent("Procfile"), atomically: true, encoding: .utf8)
            #expect(try await Procfile.resolveCommand("web", in: root) == "./serve --port $PORT")
            #expect(try await Procfile.resolveCommand(" web ", in: root) == "./serve --port $PORT")
            #expect(try await Procfile.resolveCommand("echo web", in: root) == "echo web")
        }
    }

    /// The attack: a repository whose Procfile links to a file only the executor may read
    /// (the CLI config with a token), deployed with `command: token`, printed the token into
    /// the run log. The link is refused and the secret never read.
    @Test func aSymlinkedProcfileIsRefusedAndItsTargetNeverRead() async throws {
        try await withTemporaryDirectory { root in
            let secret = root.appendingPathComponent("config.yaml")
            try "token: s3cret-token-of-another-tool\n".write(to: secret, atomically: true, encoding: .utf8)
            let image = root.appendingPathComponent("image")
            try FileManager.default.createDirectory(at: image, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: image.appendingPathComponent("Procfile"), withDestinationURL: secret)
            let error = await #expect(throws: ProcfileError.self) { try await Procfile.resolveCommand("token", in: image) }
            #expect(error?.message.contains("symbolic link") == true)
            #expect(error?.message.contains("s3cret") == false)
        }
    }

    @Test func aFIFOProcfileIsRefusedWithoutBlocking() async throws {
        try await withTemporaryDirectory { root in
            #expect(mkfifo(root.appendingPathComponent("Procfile").path, 0o600) == 0)
            let error = await #expect(throws: ProcfileError.self) { try await Procfile.resolveCommand("web", in: root) }
            #expect(error?.message.contains("not a regular file") == true)
        }
    }

    @Test func aProcfileOverTheSizeLimitIsRefused() async throws {
        try await withTemporaryDirectory { root in
            let big = String(repeating: "# padding\n", count: Procfile.maxBytes / 10 + 1) + "web: serve\n"
            try big.write(to: root.appendingPathComponent("Procfile"), atomically: true, encoding: .utf8)
            let error = await #expect(throws: ProcfileError.self) { try await Procfile.resolveCommand("web", in: root) }
            #expect(error?.message.contains("64 KiB") == true)
        }
    }
}
