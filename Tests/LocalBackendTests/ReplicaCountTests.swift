import Testing

import ExecutorService
@testable import LocalBackend
import ToolConfig

/// A replica count that slipped past validation is refused by the backend, never turned into
/// a port range that traps or into millions of processes.
@Suite struct ReplicaCountTests {
    @Test func countsOutsideTheCeilingAreRefusedWithoutTrapping() throws {
        #expect(try LocalBackend.replicaCount(nil) == 1)
        #expect(try LocalBackend.replicaCount(3) == 3)
        #expect(try LocalBackend.replicaCount(ParseLimits.replicasCeiling) == ParseLimits.replicasCeiling)
        for hostile in [Int.max, ParseLimits.replicasCeiling + 1, 0, -1, Int.min] {
            #expect(throws: BackendError.self) { try LocalBackend.replicaCount(hostile) }
        }
    }

    @Test func saturatingArithmeticStopsAtTheBounds() {
        #expect(60_000.addingSaturating(Int.max) == Int.max)
        #expect((-5).addingSaturating(Int.min) == Int.min)
        #expect(40.addingSaturating(2) == 42)
        #expect(Int.max.multipliedSaturating(by: 2) == Int.max)
        #expect(Int.max.multipliedSaturating(by: -2) == Int.min)
        #expect(6.multipliedSaturating(by: 7) == 42)
    }
}
