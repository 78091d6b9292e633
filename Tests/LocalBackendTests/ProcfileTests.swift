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
            #expect(Procfile.resolveCommand("web", in: root) == "web")
            try "web: ./serve --port $PORT\n".write(to: root.appendingPathComponent("Procfile"), atomically: true, encoding: .utf8)
            #expect(Procfile.resolveCommand("web", in: root) == "./serve --port $PORT")
            #expect(Procfile.resolveCommand(" web ", in: root) == "./serve --port $PORT")
            #expect(Procfile.resolveCommand("echo web", in: root) == "echo web")
        }
    }
}
