import Protocol
import Testing

@testable import ExecutorService

/// A list of deployments never outgrows one message: older ones are left off, and it says so.
@Suite struct ListAnswerTests {
    private func deployment(_ id: String, bytes: Int) -> Wire.Deployment {
        Wire.Deployment(deployId: id, description: String(repeating: "d", count: bytes))
    }

    @Test func aListThatWouldNotFitIsCutAndSaysSo() {
        let large = (0..<5).map { deployment("d\($0)", bytes: 900_000) }
        let answer = ExecutorServiceCore.listAnswer(large)
        #expect(answer.truncated)
        #expect(answer.deployments.map(\.deployId) == ["d0", "d1"])
        #expect(answer.protobufBytes().count < FrameDecoder.defaultMaximumFrameSize / 2 + 64 * 1024)
    }

    @Test func aListThatFitsIsWholeAndTheNewestAlwaysComes() {
        let small = (0..<5).map { deployment("d\($0)", bytes: 1_000) }
        #expect(ExecutorServiceCore.listAnswer(small) == Wire.ListDeploymentsResponse(deployments: small, truncated: false))
        let huge = [deployment("only", bytes: 3_000_000)]
        #expect(ExecutorServiceCore.listAnswer(huge).deployments.count == 1)
    }
}
