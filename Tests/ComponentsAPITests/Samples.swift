import ComponentsAPI
import Foundation
import Testing

/// Values of every API type with each optional both set and unset, and the round trip the
/// tests check them with.
enum Samples {
    static let plan = PlanJSON(
        steps: [
            .init(id: "build:api", component: "api", kind: "build", reason: "New commit", needs: [], condition: "built"),
            .init(id: "build:worker", component: "worker", kind: "skip", reason: "Reusing existing build", needs: [], skippedKind: "build"),
            .init(id: "barrier:builds", component: "", kind: "barrier", reason: "Every build is done", needs: ["build:api"], condition: "passed"),
            .init(id: "run:api", component: "api", kind: "run", reason: "New image", needs: ["barrier:builds"], condition: "healthy"),
        ],
        levels: [["build:api"], ["barrier:builds"], ["run:api"]],
        criticalPathLength: 3)

    static let toolConfig: JSONValue = .object([
        "config-version": .string("v0.1"),
        "components": .object(["api": .object([
            "type": .string("continuous"),
            "build": .object(["repository": .string("https://example.org/tool.git"), "ref": .string("main")]),
            "run": .object(["command": .string("api"), "port": .integer(5000), "ratio": .number(0.5), "enabled": .bool(true), "note": .null]),
            "wait-for": .array([]),
        ])]),
    ])

    static let deployment = DeploymentJSON(
        deployID: "20260101-120000-abcdefghij", tool: "alpha", creationTime: "2026-01-01T12:00:00.000Z",
        status: .running, longStatus: "Building images",
        builds: [
            "api": DeploymentBuildJSON(buildID: "", buildImage: "", buildStatus: .pending, buildLongStatus: "Not started yet", startTime: nil, endTime: nil),
            "worker": DeploymentBuildJSON(
                buildID: "b-1", buildImage: "sha256:abc", buildStatus: .skipped, buildLongStatus: "Reusing existing build",
                startTime: "2026-01-01T12:00:00.500Z", endTime: "2026-01-01T12:00:01.000Z"),
        ],
        runs: [
            "api": DeploymentRunJSON(runStatus: .pending, runLongStatus: "Waiting for the builds", startTime: nil, endTime: nil),
            "worker": DeploymentRunJSON(runStatus: .successful, runLongStatus: "Started", startTime: "2026-01-01T12:00:02.000Z", endTime: "2026-01-01T12:00:03.000Z"),
        ],
        forceBuild: true, forceRun: false, description: "from CI", configVersion: 3, queued: false,
        plan: plan, toolConfig: toolConfig, planFidelity: PlanFidelityJSON(ok: false, violations: ["run:api started before build:api ended"]))

    /// A deployment as lists show it: no plan yet, no config, not checked.
    static let bareDeployment = DeploymentJSON(
        deployID: "20260101-120000-klmnopqrst", tool: "alpha", creationTime: "2026-01-01T12:00:00.000Z",
        status: .pending, longStatus: "Waiting to start", builds: [:], runs: [:], forceBuild: false, forceRun: false,
        description: "", configVersion: 1, queued: true, plan: nil, toolConfig: nil, planFidelity: nil)

    static let storedConfig = ToolConfigJSON(
        tool: "alpha", version: 2, hash: "abc123", creationTime: "2026-01-01T12:00:00.000Z",
        source: "config-version: v0.1\n# a comment\n", config: toolConfig.objectMembers ?? [:])

    static let violation = ViolationJSON(path: "components.api.run.prot", line: 6, column: 7, message: "unknown field \"prot\", did you mean \"port\"?")

    /// Encodes `value` as the gateway does, decodes it back, expects the same value, and
    /// answers the JSON text.
    @discardableResult
    static func roundTrip<T: Codable & Equatable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let bytes = try APIEncoding.encoder().encode(value)
        let decoded = try JSONDecoder().decode(T.self, from: bytes)
        #expect(decoded == value, sourceLocation: sourceLocation)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` decoded as `T`.
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
