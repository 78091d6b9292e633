import Foundation
import Synchronization
import Testing
import ToolConfig

@testable import ExecutorService
@testable import LocalBackend

/// This host's writable cgroup hierarchy; nil (and the tests below are skipped, saying why)
/// only where there is none.
private let hostCgroups: CgroupHierarchy? = {
    switch CgroupHierarchy.detect() {
    case .success(let hierarchy):
        return hierarchy
    case .failure(let unavailable):
        print("ResourceLimitsTests skipped: no writable cgroup hierarchy on this host: \(unavailable.reason)")
        return nil
    }
}()

/// Limits enforced by real cgroups: each test uses a tool name of its own as the cgroup group
/// and checks that nothing of it is left afterwards.
@Suite(.enabled(if: hostCgroups != nil, "needs a writable cgroup hierarchy (v1 or v2)"), .serialized)
struct ResourceLimitsTests {
    let hierarchy = hostCgroups ?? CgroupHierarchy(version: .v1, roots: [:])
    let group = "limits-test-\(UUID().uuidString.prefix(8).lowercased())"

    /// The run folders of this test's group under `controller`.
    private func runDirectories(_ controller: CgroupHierarchy.Controller) -> [String] {
        guard let root = hierarchy.roots[controller] else { return [] }
        let folder = "\(root)/\(group)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { (try? FileManager.default.attributesOfItem(atPath: "\(folder)/\($0)")[.type] as? FileAttributeType) == .typeDirectory }
            .map { "\(folder)/\($0)" }
    }

    /// A control file of the single run folder, trimmed; nil when there is none.
    private func value(_ controller: CgroupHierarchy.Controller, _ file: String) -> String? {
        runDirectories(controller).first.flatMap { try? String(contentsOfFile: "\($0)/\(file)", encoding: .utf8) }?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The memory limit, CPU quota and pids limit files of the hierarchy's version.
    private var limitFiles: (memory: String, cpu: String, pids: String) {
        hierarchy.version == .v2 ? ("memory.max", "cpu.max", "pids.max") : ("memory.limit_in_bytes", "cpu.cfs_quota_us", "pids.max")
    }

    /// Removes the group's folders once its runs are gone, and checks none is left.
    private func cleanUp() {
        for controller in CgroupHierarchy.Controller.allCases {
            #expect(runDirectories(controller).isEmpty, "a run cgroup was left under \(controller)")
        }
        for root in hierarchy.distinctRoots { rmdir("\(root)/\(group)") }
    }

    private func backend(_ root: URL, resources: ResourcePolicy) -> LocalBackend {
        LocalBackend(stateDirectory: root.appendingPathComponent("state"), allowLocalRepositories: true,
                     resources: resources, cgroups: .success(hierarchy), logger: testLogger)
    }

    private func oneOff(_ component: String, _ command: String, root: URL, memory: String? = nil, cpu: String? = nil) -> RunJob {
        RunJob(tool: group, component: component, type: .oneOff, image: BuiltImage(id: "test", path: root, reused: true),
               run: RunSpec(command: command, timeoutSeconds: 60, cpu: cpu, memory: memory), env: [:],
               logFile: root.appendingPathComponent("\(component).log"), replacing: [])
    }

    @Test func aRunCgroupGetsItsLimitsAndIsRemoved() async throws {
        let limits = ResourceLimits(memory: MemoryQuantity("32Mi"), cpu: CPUQuantity("250m"), pids: 64)
        let cgroup = try await RunCgroup.create(in: hierarchy, group: group, name: "web-1", limits: limits)
        #expect(value(.memory, limitFiles.memory) == "\(32 << 20)")
        #expect(value(.pids, limitFiles.pids) == "64")
        if hierarchy.version == .v2 {
            #expect(value(.cpu, "cpu.max") == "25000 100000")
        } else {
            #expect(value(.cpu, "cpu.cfs_quota_us") == "25000")
            #expect(value(.cpu, "cpu.cfs_period_us") == "100000")
            if let memsw = value(.memory, "memory.memsw.limit_in_bytes") { #expect(memsw == "\(32 << 20)") }
        }
        #expect(await cgroup.remove().isEmpty)
        cleanUp()
    }

    @Test func aProcessStartsInsideItsCgroupUnderItsRlimits() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("run.log"))
            let limits = RunLimits(resources: ResourceLimits(memory: MemoryQuantity("64Mi"), pids: 16), hierarchy: hierarchy, group: group, name: "probe")
            let command = SupervisedCommand(command: "ulimit -n; ulimit -c; cat /proc/self/cgroup", directory: root, log: log, limits: limits)
            let result = try await Supervisor(logger: testLogger).runOnce(command, timeout: .seconds(20))
            #expect(result.succeeded)
            let lines = log.tail(lines: 30)
            #expect(lines.contains("4096"))
            #expect(lines.contains("0"))
            let memberships = lines.filter { $0.contains("/components/\(group)/probe-") }
            #expect(memberships.count == hierarchy.distinctRoots.count, "\(lines)")
            cleanUp()
        }
    }

    @Test func aMemoryHogIsOOMKilledAndReportedWithItsLimit() async throws {
        try await withTemporaryDirectory { root in
            let backend = backend(root, resources: ResourcePolicy())
            // Doubling a shell string passes 32 MiB within a second.
            let hog = oneOff("hog", "x=0123456789abcdef; while :; do x=\"$x$x\"; done", root: root, memory: "32Mi")
            let error = await #expect(throws: BackendError.self) { try await backend.run(hog) }
            #expect(error?.message.hasPrefix("out of memory (limit 32Mi); last log lines:") == true, "\(String(describing: error))")
            #expect(try String(contentsOf: hog.logFile, encoding: .utf8).contains("==> Process ended with out of memory (limit 32Mi)"))
            // The executor goes on running things.
            let after = try await backend.run(oneOff("after", "echo fine", root: root, memory: "32Mi"))
            #expect(after.summary.hasPrefix("Completed successfully"))
            cleanUp()
        }
    }

    @Test func aForkBombIsHeldAtThePidsLimitAndTheRunEnds() async throws {
        try await withTemporaryDirectory { root in
            let backend = backend(root, resources: ResourcePolicy(pids: 32))
            // 2^10 processes unbounded; each leaf sleeps so that they pile up. A shell that
            // cannot fork gives up, so the bomb runs in a subshell; the leader reports, then
            // stays a second (exec, as it may not fork) while the rest of the bomb runs.
            let bomb = oneOff("bomb", "bomb() { if [ $1 -gt 0 ]; then bomb $(($1 - 1)) & bomb $(($1 - 1)); wait; else sleep 3; fi; }; (bomb 10); echo leader done; exec sleep 1",
                              root: root)
            let peak = Shared(0)
            let refused = Shared<UInt64>(0)
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    let outcome = try await backend.run(bomb)
                    #expect(outcome.summary.hasPrefix("Completed successfully"))
                }
                tasks.addTask {
                    while !Task.isCancelled {
                        if let current = value(.pids, "pids.current").flatMap(Int.init) { peak.value.withLock { $0 = max($0, current) } }
                        if let events = value(.pids, "pids.events"), let line = events.split(separator: "\n").first(where: { $0.hasPrefix("max ") }),
                           let count = UInt64(line.dropFirst(4)) {
                            refused.value.withLock { $0 = max($0, count) }
                        }
                        try await Task.sleep(for: .milliseconds(5))
                    }
                }
                try await tasks.next()
                tasks.cancelAll()
            }
            let elapsed = ContinuousClock.now - started
            let log = try String(contentsOf: bomb.logFile, encoding: .utf8)
            #expect(log.contains("fork"), "no fork was refused: \(log.suffix(500))")
            #expect(log.contains("leader done"))
            #expect((1...32).contains(peak.value.withLock { $0 }), "peak \(peak.value.withLock { $0 }) processes")
            #expect(refused.value.withLock { $0 } > 0, "pids.max never refused a fork")
            #expect(elapsed < .seconds(50))
            cleanUp()
        }
    }

    @Test func stoppingARunKillsWhatLeftItsProcessGroup() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("run.log"))
            let escaped = root.appendingPathComponent("escaped.pid")
            let limits = RunLimits(resources: ResourceLimits(pids: 16), hierarchy: hierarchy, group: group, name: "escape")
            let command = SupervisedCommand(command: "setsid sleep 999 & echo $! > \(escaped.path); exec sleep 998", directory: root, log: log, limits: limits)
            let supervisor = Supervisor(stopGracePeriod: .seconds(2), logger: testLogger)
            _ = try await supervisor.startContinuous(id: "escape", command: command, port: nil)
            #expect(await eventually { (try? String(contentsOf: escaped, encoding: .utf8))?.isEmpty == false })
            let pid = try #require(Int32(String(contentsOf: escaped, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(await eventually { getsid(pid) == pid }, "the sleep did not leave the group")
            await supervisor.stop(id: "escape")
            #expect(await eventually(timeout: .seconds(5)) { LinuxProcessInfo.startTime(of: pid) == nil }, "setsid sleep 999 survived the stop")
            cleanUp()
        }
    }

    @Test func aReadoptedProcessKeepsItsCgroupWhichGoesWhenItIsStopped() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("run.log"))
            let limits = RunLimits(resources: ResourceLimits(memory: MemoryQuantity("64Mi"), pids: 16), hierarchy: hierarchy, group: group, name: "web")
            let command = SupervisedCommand(command: "exec sleep 997", directory: root, log: log, limits: limits)
            let before = Supervisor(stopGracePeriod: .seconds(2), logger: testLogger)
            let started = try await before.startContinuous(id: "web", command: command, port: nil)
            let pid = try #require(started.first?.pid)
            let startTime = try #require(started.first?.startTime)
            // The prelude joins each controller's cgroup before it execs the command.
            #expect(await eventually {
                let membership = (try? String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8)) ?? ""
                return membership.split(separator: "\n").filter { $0.contains(group) }.count == hierarchy.distinctRoots.count
            })
            await before.detachAll()
            #expect(runDirectories(.memory).count == 1)

            let after = Supervisor(stopGracePeriod: .seconds(2), logger: testLogger)
            let adopted = try await after.adoptContinuous(id: "web", command: command, port: nil,
                                                          processes: [RecordedProcess(pid: pid, startTime: startTime)])
            #expect(adopted.first?.adopted == true)
            await after.stop(id: "web")
            #expect(await eventually(timeout: .seconds(5)) { LinuxProcessInfo.startTime(of: pid) == nil })
            cleanUp()
        }
    }

    @Test func aBuildCommandRunsUnderLimitsToo() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a": "1"])
            let commit = try await repo.head()
            let state = root.appendingPathComponent("state")
            let builder = ImageBuilder(store: ImageStore(directory: state.appendingPathComponent("images")),
                                       git: GitClient(stateDirectory: state, allowLocalRepositories: true, logger: testLogger),
                                       limits: RunLimits(resources: ResourceLimits(memory: MemoryQuantity("32Mi"), pids: 32), hierarchy: hierarchy, group: group, name: "build"),
                                       logger: testLogger)
            let error = await #expect(throws: LocalBackendError.self) {
                try await builder.build(repository: repo.url, commit: commit, command: "x=0123456789abcdef; while :; do x=\"$x$x\"; done",
                                        log: LogFile(url: root.appendingPathComponent("build.log")))
            }
            #expect(error?.code == .buildFailed)
            #expect(error?.message.hasSuffix("failed with out of memory (limit 32Mi)") == true, "\(String(describing: error))")
            cleanUp()
        }
    }

    @Test func abandonedRunCgroupsAreSweptAndLiveOnesKept() async throws {
        try await withTemporaryDirectory { root in
            let abandoned = try await RunCgroup.create(in: hierarchy, group: group, name: "gone-1", limits: ResourceLimits())
            let limits = RunLimits(resources: ResourceLimits(), hierarchy: hierarchy, group: group, name: "live")
            let child = try await LimitedChild.spawn(ChildSpawnRequest(executable: "/bin/sleep", arguments: ["30"], environment: ChildEnvironment.make()), limits: limits)
            let live = try #require(child.cgroup)
            // Joined in every controller: the prelude joins them one after another.
            #expect(await eventually {
                live.procsFiles.allSatisfy { file in (CgroupFiles.read(file) ?? "").split(separator: "\n").contains("\(child.pid)") }
            })

            #expect(hierarchy.removeAbandonedRunCgroups(olderThan: .seconds(3600), groups: [group]).isEmpty)
            let removed = hierarchy.removeAbandonedRunCgroups(olderThan: .zero, now: Date().addingTimeInterval(1), groups: [group])
            #expect(Set(removed) == Set(abandoned.distinctDirectories))
            #expect(FileManager.default.fileExists(atPath: try #require(live.directories[.memory])))

            ChildProcessWaiter.signalGroup(child.pid, SIGKILL)
            _ = await child.finish(await ChildProcessWaiter.waitForExit(of: child.pid, killingGroup: true))
            cleanUp()
        }
    }

    @Test func theOperatorsDefaultsApplyWhenTheConfigIsSilent() async throws {
        try await withTemporaryDirectory { root in
            let backend = backend(root, resources: ResourcePolicy(defaultMemory: MemoryQuantity("48Mi"), defaultCPU: CPUQuantity("0.5"), pids: 40))
            let seen = Shared<[String?]>([])
            let files = limitFiles
            var job = oneOff("silent", "sleep 1", root: root)
            job.onProcessStarted = { _ in
                seen.value.withLock { $0 = [value(.memory, files.memory), value(.cpu, files.cpu), value(.pids, files.pids)] }
            }
            _ = try await backend.run(job)
            let quota = hierarchy.version == .v2 ? "50000 100000" : "50000"
            #expect(seen.value.withLock { $0 } == ["\(48 << 20)", quota, "40"])

            var own = oneOff("own", "sleep 1", root: root, memory: "40Mi", cpu: "250m")
            own.onProcessStarted = { _ in
                seen.value.withLock { $0 = [value(.memory, files.memory), value(.cpu, files.cpu)] }
            }
            _ = try await backend.run(own)
            #expect(seen.value.withLock { $0 } == ["\(40 << 20)", hierarchy.version == .v2 ? "25000 100000" : "25000"])
            cleanUp()
        }
    }
}

/// A value tasks and callbacks share.
private final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
}
