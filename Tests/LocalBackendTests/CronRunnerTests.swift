import Foundation
import Testing
import ToolConfig

@testable import ExecutorService
@testable import LocalBackend

@Suite struct CronRunnerTests {
    /// Fires every `interval` on the real clock.
    private func fastTiming(_ interval: TimeInterval) -> CronTiming {
        CronTiming(now: { Date() }, nextDate: { $0.addingTimeInterval(interval) })
    }

    @Test func firesRepeatedlyOneRunAtATimeAndSkipsBusyTicks() async throws {
        let recorder = CronRecorder()
        let runner = CronRunner(timing: fastTiming(0.04), logger: testLogger, onSkip: { tick in
            Task { await recorder.skipped(tick.index) }
        })
        let task = Task {
            await runner.run { tick in
                await recorder.begin(tick.index)
                try? await Task.sleep(for: .milliseconds(tick.index == 0 ? 150 : 10))
                await recorder.end()
            }
        }
        // Generous: the suite shares 2 loaded cores, and ticks wait for the pool.
        #expect(await eventually(timeout: .seconds(30)) { await recorder.completed >= 4 })
        task.cancel()
        await task.value
        #expect(await recorder.maxConcurrent == 1)
        #expect(await recorder.skips.isEmpty == false)
        let started = await recorder.started
        #expect(started.first == 0)
        #expect(started == started.sorted())
    }

    @Test func cancellationStopsTheRunInFlight() async throws {
        let recorder = CronRecorder()
        let runner = CronRunner(timing: fastTiming(0.02), logger: testLogger)
        let task = Task {
            await runner.run { tick in
                await recorder.begin(tick.index)
                do {
                    try await Task.sleep(for: .seconds(60))
                } catch {
                    await recorder.cancelled()
                }
                await recorder.end()
            }
        }
        #expect(await eventually { await recorder.started.count == 1 })
        let started = ContinuousClock.now
        task.cancel()
        await task.value
        // Far from the 60 s sleep (generous: the suite shares 2 loaded cores).
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(await recorder.cancellations == 1)
    }

    @Test func eachTickRunsAOneOffWithItsOwnLog() async throws {
        try await withTemporaryDirectory { root in
            let supervisor = Supervisor(logger: testLogger)
            let runner = CronRunner(timing: fastTiming(0.05), logger: testLogger)
            let task = Task {
                await runner.run { tick in
                    let log = LogFile(url: root.appendingPathComponent("runs/\(tick.index).log"))
                    _ = try? await supervisor.runOnce(SupervisedCommand(command: "echo tick \(tick.index)", directory: root, log: log),
                                                      timeout: .seconds(60))
                }
            }
            let runs = root.appendingPathComponent("runs")
            // Ticks that come while a run still runs are skipped, so count logs, not tick numbers.
            // Generous: it once took over 10 s while a release build loaded both cores.
            // A log's lock file (`N.log.lock`) lies beside it.
            func logs() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []).filter { $0.hasSuffix(".log") } }
            #expect(await eventually(timeout: .seconds(60)) { logs().count >= 3 })
            task.cancel()
            await task.value
            let names = logs()
            for name in names {
                let index = name.replacingOccurrences(of: ".log", with: "")
                let lines = LogFile(url: runs.appendingPathComponent(name)).tail(lines: 5)
                // A run cancelled mid-way has at least its header line.
                #expect(lines.contains("tick \(index)") || lines.first?.hasPrefix("==> Running") == true, "\(name): \(lines)")
            }
            #expect(LogFile(url: runs.appendingPathComponent("0.log")).tail(lines: 5).contains("tick 0"))
        }
    }

    @Test func realCronTimingUsesToolConfigsParser() throws {
        let expression = try CronExpression("*/15 * * * *")
        let timing = CronTiming.cron(expression)
        let start = Date(timeIntervalSince1970: 1_700_000_000) // 2023-11-14 22:13:20 UTC
        let next = try #require(timing.nextDate(start))
        #expect(next == Date(timeIntervalSince1970: 1_700_000_100)) // 22:15:00
        #expect(timing.nextDate(next) == Date(timeIntervalSince1970: 1_700_001_000))

    }

    @Test func aScheduleThatNeverFiresEndsTheRunner() async {
        let never = CronTiming(now: { Date() }, nextDate: { _ in nil })
        await CronRunner(timing: never, logger: testLogger).run { _ in Issue.record("must not fire") }
    }
}

/// What the cron runner did, as seen by its jobs.
private actor CronRecorder {
    private(set) var started: [Int] = []
    private(set) var completed = 0
    private(set) var skips: [Int] = []
    private(set) var cancellations = 0
    private(set) var maxConcurrent = 0
    private var running = 0

    func begin(_ index: Int) {
        started.append(index)
        running += 1
        maxConcurrent = max(maxConcurrent, running)
    }

    func end() {
        running -= 1
        completed += 1
    }

    func skipped(_ index: Int) { skips.append(index) }

    func cancelled() { cancellations += 1 }
}
