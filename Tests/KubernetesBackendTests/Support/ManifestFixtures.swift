import Foundation
import KubernetesBackend
import ToolConfig

/// The configs the manifest tests generate from: the toolhunt example, one using every
/// field, and seeded random ones.
enum ManifestFixtures {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized
    }

    /// `examples/toolhunt/components.template.yaml` with its repositories at a made-up folder.
    static var toolhuntYAML: String {
        get throws {
            let template = repositoryRoot.appendingPathComponent("examples/toolhunt/components.template.yaml")
            return try String(contentsOf: template, encoding: .utf8).replacingOccurrences(of: "@REPOS@", with: "/srv/example-repos")
        }
    }

    static var toolhunt: ToolConfiguration {
        get throws { try parse(toolhuntYAML, local: true) }
    }

    /// Every field the config accepts, in both health-check spellings across components.
    static let everyFieldYAML = """
        config-version: v0.1
        auto-deploy: {poll: 5m}
        components:
          web:
            description: the web front
            type: continuous
            build:
              repository: https://example.org/web.git
              ref: v1.2.0
              path: services/web
              command: make assets
              use-latest-versions: true
              use-deprecated-versions: false
            run:
              command: web --workers 4
              port: 8080
              port-protocol: tcp
              publish: /app
              health-check: {type: http, path: /healthz}
              replicas: 3
              env: {LOG_LEVEL: debug, "QUOTED": "yes", EMPTY: ""}
              cpu: "0.5"
              memory: 1Gi
              emails: onfailure
              mount: all
              filelog: true
              filelog-stdout: logs/out.log
              filelog-stderr: logs/err.log
            wait-for: [migrate]
          worker:
            type: continuous
            build: {reuse-from: web}
            run:
              command: worker
              health-check: {type: script, command: "test -f /tmp/ready"}
              cpu: 250m
              memory: 256Mi
          metrics:
            type: continuous
            build: {image: python3.11}
            run:
              command: python3 -m metrics
              port: 9125
              port-protocol: udp
          cache:
            type: continuous
            build: {image: redis7}
            run: {port: 6379, health-check: {type: tcp}}
          migrate:
            type: one-off
            build: {reuse-from: web}
            run: {command: migrate, timeout: 10m, retry: 2, env: {MODE: full}}
          nightly:
            type: scheduled
            build: {repository: https://example.org/jobs.git}
            run: {command: nightly, schedule: "30 2 * * mon-fri", timeout: 1h30m, retry: 5, memory: 2Gi}
            wait-for: [web]
        """

    static var everyField: ToolConfiguration {
        get throws { try parse(everyFieldYAML, local: false) }
    }

    struct InvalidFixture: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String, local: Bool) throws -> ToolConfiguration {
        let result = ToolConfigParser.parse(text, options: ValidationOptions(allowLocalRepositories: local))
        guard let config = result.config else {
            throw InvalidFixture(description: result.errors.map { "\($0.path): \($0.message)" }.joined(separator: "; "))
        }
        return config
    }
}
