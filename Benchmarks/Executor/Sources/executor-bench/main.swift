import Foundation
import Protocol

#if canImport(Glibc)
import Glibc
#endif

// executor-bench --componentsd PATH [--executor-binary PATH] [--runs 3] [--levels 10] [--width 5] [--min-ms 100]
//                [--max-ms 400] [--seed 6] [--poll-ms 10] [--memory-components 50] [--start-samples 200] [--keep]
//
// Deploys a plan of sleep-based one-off and continuous components (see Workload) through
// real `componentsd config`, `planner` and `executor` processes, a fresh state folder per
// run, and reports:
// - wall time, from sending CreateDeployment until GetDeployment (polled every --poll-ms)
//   answers a final status;
// - the critical path: the image build, as the executor recorded it (the plan's first step,
//   which every run waits for), plus the longest wait-for chain of the known sleeps;
// - their ratio, and where the difference went (before the build, between build and first
//   run, scheduling gaps and run overshoots along the chain actually taken);
// - the executor's VmRSS idle (1 s after it started), its peak during the deployment, with
//   the plan's continuous components running after it, and with 50 continuous components
//   running at once (a second deployment on a fresh stack); component processes' RSS is
//   summed for information;
// - the start latency of /bin/true in the run sandbox (bubblewrap) against bare, in turn
//   (see SandboxStart), and the sandbox's cost per start.

struct Options {
    var componentsd = ""
    var executorBinary: String?
    var runs = 3
    var levels = 10
    var width = 5
    var minimumMilliseconds = 100
    var maximumMilliseconds = 400
    var seed: UInt64 = 6
    var pollMilliseconds = 10
    var memoryComponents = 50
    var keep = false
    var startSamples = 200

    init(_ arguments: [String]) throws {
        var rest = arguments.makeIterator()
        func value(_ flag: String) throws -> String {
            guard let next = rest.next() else { throw BenchError("\(flag) needs a value") }
            return next
        }
        func int(_ flag: String) throws -> Int {
            guard let number = Int(try value(flag)), number >= 0 else { throw BenchError("\(flag) needs a number") }
            return number
        }
        while let argument = rest.next() {
            switch argument {
            case "--componentsd": componentsd = try value(argument)
            case "--executor-binary": executorBinary = try value(argument)
            case "--runs": runs = max(1, try int(argument))
            case "--levels": levels = max(1, try int(argument))
            case "--width": width = max(1, try int(argument))
            case "--min-ms": minimumMilliseconds = try int(argument)
            case "--max-ms": maximumMilliseconds = try int(argument)
            case "--seed": seed = UInt64(try int(argument))
            case "--poll-ms": pollMilliseconds = max(1, try int(argument))
            case "--memory-components": memoryComponents = try int(argument)
            case "--keep": keep = true
            case "--start-samples": startSamples = max(1, try int(argument))
            case "-h", "--help":
                print("usage: executor-bench --componentsd PATH [--executor-binary PATH] [--runs N] [--levels N] [--width N] [--min-ms N] [--max-ms N] [--seed N] [--poll-ms N] [--memory-components N] [--start-samples N] [--keep]")
                exit(0)
            default: throw BenchError("unknown argument \(argument)")
            }
        }
        guard !componentsd.isEmpty, FileManager.default.isExecutableFile(atPath: componentsd) else {
            throw BenchError("--componentsd PATH (a release build of componentsd) is required")
        }
        if let executorBinary, !FileManager.default.isExecutableFile(atPath: executorBinary) {
            throw BenchError("--executor-binary \(executorBinary) is not an executable")
        }
        guard maximumMilliseconds >= minimumMilliseconds else { throw BenchError("--max-ms must be >= --min-ms") }
    }
}

func run(_ executable: String, _ arguments: [String], in folder: URL? = nil) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed: \(String(decoding: output, as: UTF8.self))")
    }
}

func mb(_ kib: Int) -> String { String(format: "%.1f MB", Double(kib) / 1024) }
func ms(_ value: Double) -> String { String(format: "%.0f ms", value) }
func secs(_ milliseconds: Double) -> String { String(format: "%.3f s", milliseconds / 1000) }
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Stops what is left of the component processes seen (there should be none), by pid and
/// start time so that no unrelated process is touched; answers how many were left.
func reapLeftovers(_ seen: [Int32: UInt64]) -> Int {
    var left = 0
    for (pid, start) in seen where ProcFS.isRunning(pid, startTime: start) {
        left += 1
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
    }
    return left
}

struct RunFigures {
    var wall: Double
    var critical: Double
    var build: Double
    var chain: Double
    var beforeBuild: Double
    var buildToFirstRun: Double
    var lastRunToSeen: Double
    var gaps: Double
    var oneOffOvershoot: Double
    var continuousOvershoot: Double
    var meanOneOffOvershoot: Double
    var meanContinuousOvershoot: Double
    var idleKiB: Int
    var idleAnonKiB: Int
    var idleFileKiB: Int
    var idlePssKiB: Int
    var peakKiB: Int
    var afterKiB: Int
    var afterChildren: Int
    var afterChildrenKiB: Int
    var peakChildren: Int
    var peakChildrenKiB: Int
    var memoryKiB: Int
    var memoryPeakKiB: Int
    var memoryChildren: Int
    var memoryChildrenKiB: Int
    var memoryWall: Double
    var ratio: Double { wall / critical }
    var overhead: Double { wall - critical }
}

let options: Options
do {
    options = try Options(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("executor-bench: \(error)\n".utf8))
    exit(2)
}

let root = FileManager.default.temporaryDirectory.appendingPathComponent("executor-bench-\(UUID().uuidString.prefix(8))")
var allSeen: [Int32: UInt64] = [:]
var openStacks: [Stack] = []

@MainActor func cleanUp() {
    for stack in openStacks { _ = stack.stop() }
    openStacks = []
    _ = reapLeftovers(allSeen)
    if !options.keep { try? FileManager.default.removeItem(at: root) }
}

do {
    // The repository: a Procfile whose entries sleep, and the listener compiled into it (a run
    // sees only its image, at its working directory, and the system).
    let bin = root.appendingPathComponent("bin")
    let repo = root.appendingPathComponent("repo")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
    try listenerSource.write(to: bin.appendingPathComponent("listener.c"), atomically: true, encoding: .utf8)
    try run("/usr/bin/env", ["cc", "-O2", "-o", repo.appendingPathComponent("listener").path, bin.appendingPathComponent("listener.c").path])
    let procfile = """
        oneoff: exec sleep "$BENCH_SECONDS"
        serve: exec ./listener "$BENCH_SECONDS"

        """
    try procfile.write(to: repo.appendingPathComponent("Procfile"), atomically: true, encoding: .utf8)
    try "Executor benchmark components: sleeps of known length.\n".write(to: repo.appendingPathComponent("README"), atomically: true, encoding: .utf8)
    try run("/usr/bin/git", ["init", "-q", "-b", "main"], in: repo)
    try run("/usr/bin/git", ["add", "-A"], in: repo)
    try run("/usr/bin/git", ["-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "-m", "bench"], in: repo)
    let repositoryURL = "file://" + repo.path

    let workload = Workload(levels: options.levels, width: options.width, minimumMilliseconds: options.minimumMilliseconds,
                            maximumMilliseconds: options.maximumMilliseconds, seed: options.seed)
    let yaml = workload.yaml(repository: repositoryURL)
    let (chainMilliseconds, chain) = workload.criticalChain()
    let oneOffs = workload.nodes.filter { $0.kind == .oneOff }.count
    let edges = workload.nodes.reduce(0) { $0 + $1.waitFor.count }
    print("plan: \(workload.nodes.count) components (\(oneOffs) one-off, \(workload.nodes.count - oneOffs) continuous with a TCP health check), "
        + "\(options.levels) levels, \(edges) wait-for edges, sleeps \(options.minimumMilliseconds)-\(options.maximumMilliseconds) ms (seed \(options.seed))")
    print("longest wait-for chain by known sleeps: \(ms(Double(chainMilliseconds))) over \(chain.count) components: "
        + chain.map { name in "\(name)(\(workload.node(name)!.kind == .oneOff ? "o" : "c") \(workload.node(name)!.milliseconds))" }.joined(separator: " > "))
    print("critical path := the image build (measured from the executor's build record) + that chain; wall := CreateDeployment sent -> final status seen (polled every \(options.pollMilliseconds) ms)")
    print("")

    var results: [RunFigures] = []
    var duplicatePorts = 0
    for index in 1...options.runs {
        let folder = root.appendingPathComponent("run-\(index)")
        let stack = try await Stack(componentsd: options.componentsd, executorBinary: options.executorBinary, folder: folder)
        openStacks.append(stack)
        let executorPid = stack.executor.pid
        try await Task.sleep(for: .seconds(1))
        let idle = ProcFS.residentKiB(executorPid) ?? 0
        let idleAnon = ProcFS.field("RssAnon", of: executorPid) ?? 0
        let idleFile = ProcFS.field("RssFile", of: executorPid) ?? 0
        let idlePss = ProcFS.proportionalKiB(executorPid) ?? 0
        try await stack.createTool("bench", config: yaml)

        let sampler = MemorySampler(executor: executorPid)
        sampler.start()
        let figures = try await stack.deploy("bench", poll: .milliseconds(options.pollMilliseconds))
        let peaks = sampler.stop()
        allSeen.merge(sampler.seenProcesses) { a, _ in a }
        let deployment = figures.deployment
        guard deployment.status == .successful else {
            let failed = deployment.runs.filter { $0.status == .failed }.map { "\($0.component): \($0.longStatus)" }
            throw BenchError("deployment \(deployment.deployId) ended \(deployment.status): \(deployment.longStatus)\n\(failed.joined(separator: "\n"))")
        }
        try await Task.sleep(for: .milliseconds(500))
        let after = MemorySample.take(executor: executorPid)
        let planPorts = try await stack.portReport("bench")
        if !planPorts.sharing.isEmpty { duplicatePorts += 1 }
        for d in after?.descendants ?? [] { allSeen[d.pid] = d.startTime }

        // The build every run waits for.
        let builds = deployment.builds.filter { $0.status == .successful }
        guard builds.count == 1, let build = builds.first else {
            throw BenchError("expected one successful build, got \(deployment.builds.map { "\($0.component) \($0.status)" })")
        }
        let buildMs = Double(build.endTimeMs - build.startTimeMs)
        let runs = Dictionary(uniqueKeysWithValues: deployment.runs.map { ($0.component, $0) })
        guard runs.count == workload.nodes.count, runs.values.allSatisfy({ $0.status == .successful }) else {
            throw BenchError("expected \(workload.nodes.count) successful runs: \(deployment.runs.map { "\($0.component) \($0.status)" })")
        }
        let firstStart = Double(runs.values.map(\.startTimeMs).min()!)
        let lastEnd = Double(runs.values.map(\.endTimeMs).max()!)

        // The chain actually taken: from the last run to end, back through the dependency
        // that ended last; each step splits into a scheduling gap (ready -> started), the
        // known sleep, and an overshoot (the run took longer than its sleep).
        var path: [String] = [runs.values.max { $0.endTimeMs < $1.endTimeMs }!.component]
        while let deps = workload.node(path[0])?.waitFor, let latest = deps.max(by: { runs[$0]!.endTimeMs < runs[$1]!.endTimeMs }) {
            path.insert(latest, at: 0)
        }
        var gaps = 0.0, oneOffOver = 0.0, continuousOver = 0.0
        var pathWords: [String] = []
        for name in path {
            let node = workload.node(name)!
            let record = runs[name]!
            let ready = node.waitFor.map { Double(runs[$0]!.endTimeMs) }.max() ?? Double(build.endTimeMs)
            let gap = Double(record.startTimeMs) - ready
            let over = Double(record.endTimeMs - record.startTimeMs) - Double(node.milliseconds)
            gaps += gap
            if node.kind == .oneOff { oneOffOver += over } else { continuousOver += over }
            pathWords.append("\(name)(\(node.kind == .oneOff ? "o" : "c") \(node.milliseconds)+\(Int(over)))")
        }
        let overs = workload.nodes.map { node in (node.kind, Double(runs[node.name]!.endTimeMs - runs[node.name]!.startTimeMs) - Double(node.milliseconds)) }
        let meanOver = { (kind: Workload.Kind) -> Double in
            let values = overs.filter { $0.0 == kind }.map(\.1)
            return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }

        let critical = buildMs + Double(chainMilliseconds)
        var figuresRow = RunFigures(
            wall: figures.wallMilliseconds, critical: critical, build: buildMs, chain: Double(chainMilliseconds),
            beforeBuild: Double(build.startTimeMs) - figures.sentAtMs, buildToFirstRun: firstStart - Double(build.endTimeMs),
            lastRunToSeen: figures.seenFinalAtMs - lastEnd, gaps: gaps, oneOffOvershoot: oneOffOver, continuousOvershoot: continuousOver,
            meanOneOffOvershoot: meanOver(.oneOff), meanContinuousOvershoot: meanOver(.continuous),
            idleKiB: idle, idleAnonKiB: idleAnon, idleFileKiB: idleFile, idlePssKiB: idlePss, peakKiB: peaks.executorKiB, afterKiB: after?.executorKiB ?? 0,
            afterChildren: after?.children ?? 0, afterChildrenKiB: after?.childrenKiB ?? 0,
            peakChildren: peaks.children, peakChildrenKiB: peaks.childrenKiB,
            memoryKiB: 0, memoryPeakKiB: 0, memoryChildren: 0, memoryChildrenKiB: 0, memoryWall: 0)
        let stopSeconds = stack.stop()
        openStacks.removeAll { $0 === stack }
        let left = reapLeftovers(allSeen)

        // Memory with 50 components running at once: a fresh stack, one deployment of
        // continuous listeners with no wait-for.
        var memoryWords = "skipped"
        if options.memoryComponents > 0 {
            let memoryStack = try await Stack(componentsd: options.componentsd, executorBinary: options.executorBinary, folder: root.appendingPathComponent("memory-\(index)"))
            openStacks.append(memoryStack)
            try await memoryStack.createTool("memory", config: Workload.allContinuousYAML(count: options.memoryComponents, repository: repositoryURL))
            let memorySampler = MemorySampler(executor: memoryStack.executor.pid)
            memorySampler.start()
            let memoryDeploy = try await memoryStack.deploy("memory", poll: .milliseconds(options.pollMilliseconds))
            let memoryPeaks = memorySampler.stop()
            allSeen.merge(memorySampler.seenProcesses) { a, _ in a }
            guard memoryDeploy.deployment.status == .successful else {
                throw BenchError("memory deployment ended \(memoryDeploy.deployment.status): \(memoryDeploy.deployment.longStatus)")
            }
            try await Task.sleep(for: .milliseconds(500))
            let running = MemorySample.take(executor: memoryStack.executor.pid)
            let ports = try await memoryStack.portReport("memory")
            for d in running?.descendants ?? [] { allSeen[d.pid] = d.startTime }
            figuresRow.memoryKiB = running?.executorKiB ?? 0
            figuresRow.memoryPeakKiB = memoryPeaks.executorKiB
            figuresRow.memoryChildren = running?.children ?? 0
            figuresRow.memoryChildrenKiB = running?.childrenKiB ?? 0
            figuresRow.memoryWall = memoryDeploy.wallMilliseconds
            let memoryStop = memoryStack.stop()
            openStacks.removeAll { $0 === memoryStack }
            let memoryLeft = reapLeftovers(allSeen)
            memoryWords = "\(figuresRow.memoryChildren) component processes running: executor \(mb(figuresRow.memoryKiB)) (peak \(mb(figuresRow.memoryPeakKiB))), "
                + "components \(mb(figuresRow.memoryChildrenKiB)) in total; deployed in \(secs(figuresRow.memoryWall)); executor exited in \(String(format: "%.2f s", memoryStop)), "
                + "\(memoryLeft) component processes left behind; \(ports.distinctPorts) distinct ports for \(ports.continuous) components"
                + (ports.sharing.isEmpty ? "" : " (shared: \(ports.sharing.joined(separator: "; ")))")
            if !ports.sharing.isEmpty { duplicatePorts += 1 }
        }
        results.append(figuresRow)

        let r = figuresRow
        print("run \(index): wall \(secs(r.wall)), critical path \(secs(r.critical)) (build \(ms(r.build)) + chain \(ms(r.chain))), "
            + "ratio \(String(format: "%.3f", r.ratio)), overhead \(ms(r.overhead)) (\(figures.polls) polls)")
        print("  time: CreateDeployment -> build start \(ms(r.beforeBuild)) | build \(ms(r.build)) | build end -> first run \(ms(r.buildToFirstRun)) | "
            + "first run -> last run end \(ms(lastEnd - firstStart)) | last run end -> final seen \(ms(r.lastRunToSeen))")
        print("  chain taken (\(path.count) components, name(kind sleep+overshoot ms)): \(pathWords.joined(separator: " > "))")
        print("  on it: scheduling gaps \(ms(r.gaps)), one-off overshoot \(ms(r.oneOffOvershoot)), continuous overshoot \(ms(r.continuousOvershoot)); "
            + "mean overshoot over all runs: one-off \(ms(r.meanOneOffOvershoot)), continuous \(ms(r.meanContinuousOvershoot))")
        print("  executor RSS: idle \(mb(r.idleKiB)) (anonymous \(mb(r.idleAnonKiB)), file-backed \(mb(r.idleFileKiB)), PSS \(mb(r.idlePssKiB))), peak during the deployment \(mb(r.peakKiB)) (component processes: up to \(r.peakChildren), \(mb(r.peakChildrenKiB))), "
            + "after it with \(r.afterChildren) running \(mb(r.afterKiB)) (components \(mb(r.afterChildrenKiB)))")
        print("  memory scenario: \(memoryWords)")
        print("  ports: \(planPorts.distinctPorts) distinct for \(planPorts.continuous) continuous components" + (planPorts.sharing.isEmpty ? "" : " (shared: \(planPorts.sharing.joined(separator: "; ")))"))
        print("  stop: executor exited \(String(format: "%.2f s", stopSeconds)) after SIGTERM, \(left) component processes left behind")
    }

    // Baseline in the same run: the executor as a subcommand of the all-services `componentsd`.
    var baselineIdleKiB: Int?
    if options.executorBinary != nil {
        let baseline = try await Stack(componentsd: options.componentsd, folder: root.appendingPathComponent("baseline"))
        openStacks.append(baseline)
        try await Task.sleep(for: .seconds(1))
        baselineIdleKiB = ProcFS.residentKiB(baseline.executor.pid)
        _ = baseline.stop()
    }
    // Sandbox start latency, measured after the deployments (nothing else of ours runs).
    let starts = try SandboxStart.measure(samples: options.startSamples, in: root.appendingPathComponent("sandbox-start"))
    cleanUp()

    let finished = results
    func m(_ key: (RunFigures) -> Double) -> Double {
        var values: [Double] = []
        for r in finished { values.append(key(r)) }
        return median(values)
    }
    func mk(_ key: (RunFigures) -> Int) -> Int { Int(m { Double(key($0)) }) }
    let wall = m(\.wall), critical = m(\.critical), ratio = m(\.ratio)
    let allowed = m { 1.1 * $0.critical + 50 }
    let excess = m { $0.wall - (1.1 * $0.critical + 50) }
    print("")
    print("median of \(results.count) runs:")
    print("wall time: \(secs(wall)); critical path: \(secs(critical)) (build \(ms(m(\.build))) + chain \(ms(m(\.chain)))); overhead: \(ms(m(\.overhead)))")
    print("overhead split: before build \(ms(m(\.beforeBuild))), build -> first run \(ms(m(\.buildToFirstRun))), scheduling gaps \(ms(m(\.gaps))), "
        + "one-off overshoot \(ms(m(\.oneOffOvershoot))), continuous overshoot \(ms(m(\.continuousOvershoot))), last run -> final seen \(ms(m(\.lastRunToSeen)))")
    print("goal wall <= 1.1 x critical path + 50 ms = \(secs(allowed)): \(excess <= 0 ? "met" : "missed") (by \(ms(abs(excess))))")
    print("ratio (wall - 50 ms)/critical-path: \(String(format: "%.3f", m { ($0.wall - 50) / $0.critical }))")
    print("executor idle: RSS \(mb(mk(\.idleKiB))) = anonymous \(mb(mk(\.idleAnonKiB))) + file-backed \(mb(mk(\.idleFileKiB))) (binary and shared libraries); PSS \(mb(mk(\.idlePssKiB)))")
    print("executor RSS peak during the deployment: \(mb(mk(\.peakKiB))); after it, \(mk(\.afterChildren)) continuous running: \(mb(mk(\.afterKiB)))")
    if options.memoryComponents > 0 {
        print("executor RSS with \(mk(\.memoryChildren)) components running: \(mb(mk(\.memoryKiB))) (peak \(mb(mk(\.memoryPeakKiB)))); their processes: \(mb(mk(\.memoryChildrenKiB))) in total")
    }
    if duplicatePorts > 0 {
        print("warning: in \(duplicatePorts) deployment(s) two continuous components got the same port (LoopbackPort.free() race)")
    }
    print("ratio wall/critical-path: \(String(format: "%.3f", ratio)) (goal <= 1.1 + 50 ms)")
    let measured = options.executorBinary.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "componentsd executor"
    if let baselineIdleKiB {
        print("executor RSS idle, `componentsd executor` (baseline, same run): \(String(format: "%.1f", Double(baselineIdleKiB) / 1024)) MB; "
            + "\(measured) / baseline: \(String(format: "%.2f", Double(mk(\.idleKiB)) / Double(max(baselineIdleKiB, 1))))")
    }
    print("executor RSS idle (\(measured)): \(String(format: "%.1f", Double(mk(\.idleKiB)) / 1024)) MB (goal <= 30 MB)")
    let bareP50 = SandboxStart.percentile(starts.bare, 0.5), sandboxedP50 = SandboxStart.percentile(starts.sandboxed, 0.5)
    print("process start to exit of /bin/true, \(starts.bare.count) samples each, in turn: bare p50 \(String(format: "%.2f", bareP50)) ms "
        + "(p90 \(String(format: "%.2f", SandboxStart.percentile(starts.bare, 0.9))) ms), in the run sandbox (bubblewrap) p50 \(String(format: "%.2f", sandboxedP50)) ms "
        + "(p90 \(String(format: "%.2f", SandboxStart.percentile(starts.sandboxed, 0.9))) ms)")
    print("sandbox cost per start at p50: \(String(format: "%.2f", sandboxedP50 - bareP50)) ms (goal <= 15 ms); sandboxed / bare: \(String(format: "%.2f", sandboxedP50 / bareP50))")
} catch {
    cleanUp()
    FileHandle.standardError.write(Data("executor-bench: \(error)\n".utf8))
    exit(1)
}
