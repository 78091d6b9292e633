// planner-bench: times the planner on random DAGs of 1,000 and 10,000 components (more with
// --sizes) against its budgets (issue 12: 1,000 components at most 5 ms, 10,000 at most
// 60 ms on the project's 2-core machine), with networkx.topological_generations on the same
// graphs in the same run as context, not as a goal.
//
//   planner-bench [--sizes 1000,10000] [--python python3] [--script PATH] [--no-networkx]
import Foundation
import PlannerService

/// SplitMix64: seeded, so every run times the same graphs.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// A random tool of `size` components: each waits for 0–6 (on average 3) components of
/// lower index, so the graph is acyclic. Most build from one of size/4 repositories (so some
/// builds are shared), a fifth reuse another's image, a tenth run a registry image.
/// Nothing is deployed yet: every component builds and runs, the largest plan there is.
func makeTool(size: Int, seed: UInt64) -> (input: PlanInput, edges: [(Int, Int)]) {
    var rng = SplitMix64(seed: seed)
    let repos = (0 ..< max(1, size / 4)).map { "https://git.example.org/tool/repo-\($0).git" }
    var components: [PlannedComponent] = []
    components.reserveCapacity(size)
    var builders: [Int] = []
    var edges: [(Int, Int)] = []
    edges.reserveCapacity(size * 3)
    for i in 0 ..< size {
        let roll = Int.random(in: 0 ..< 10, using: &rng)
        let source: BuildSource
        if roll < 2, let reused = builders.randomElement(using: &rng) {
            source = .reuseFrom("c\(reused)")
        } else if roll < 3 {
            source = .image("python3.13")
        } else {
            source = .repository(url: repos[Int.random(in: 0 ..< repos.count, using: &rng)], ref: "main", path: nil, command: nil)
            builders.append(i)
        }
        var waits: [String] = []
        if i > 0 {
            var targets = Set<Int>()
            for _ in 0 ..< Int.random(in: 0 ... 6, using: &rng) { targets.insert(Int.random(in: 0 ..< i, using: &rng)) }
            for t in targets.sorted() {
                waits.append("c\(t)")
                edges.append((t, i))
            }
        }
        let type = PlannedComponent.ComponentType.allCases[Int.random(in: 0 ..< 3, using: &rng)]
        components.append(PlannedComponent(name: "c\(i)", type: type, buildSource: source,
                                           runSpecHash: "spec-\(i)", waitFor: waits))
    }
    let commits = repos.enumerated().map { ResolvedCommit(repository: $1, ref: "main", commit: String(repeating: "\($0 % 10)", count: 40)) }
    return (PlanInput(components: components, resolvedCommits: commits), edges)
}

func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func runs(for size: Int) -> Int { size <= 1_000 ? 200 : size <= 10_000 ? 40 : 10 }

struct Timing {
    var best: Double
    var median: Double
    var levels: Int
}

// MARK: - Arguments

var sizes = [1_000, 10_000]
var python = "python3"
var script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../networkx_generations.py").standardized.path
var useNetworkx = true
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--sizes": sizes = (arguments.next() ?? "").split(separator: ",").compactMap { Int($0) }
    case "--python": python = arguments.next() ?? python
    case "--script": script = arguments.next() ?? script
    case "--no-networkx": useNetworkx = false
    default:
        FileHandle.standardError.write(Data("planner-bench: unknown argument \(argument)\n".utf8))
        exit(2)
    }
}

// MARK: - Swift planner

let seed: UInt64 = 20_240_513
let clock = ContinuousClock()
var swiftTimings: [Int: Timing] = [:]
var edgeCounts: [Int: Int] = [:]
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("planner-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
var edgeFiles: [String] = []

print("planner-bench: random DAGs, average out-degree 3, seed \(seed); every component new (builds + runs)")
// Timings on a shared machine mean little without its load: say what it was.
if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
    print("load average at start: \(load.split(separator: " ").prefix(3).joined(separator: " ")) on \(ProcessInfo.processInfo.activeProcessorCount) cores")
}
var inputs: [Int: PlanInput] = [:]
for size in sizes {
    let (input, edges) = makeTool(size: size, seed: seed &+ UInt64(size))
    inputs[size] = input
    edgeCounts[size] = edges.count

    // The same graph for networkx: "n" then one "u v" line per edge (v waits for u).
    var text = "\(size)\n"
    text.reserveCapacity(edges.count * 14)
    for (u, v) in edges { text += "\(u) \(v)\n" }
    let file = folder.appendingPathComponent("dag-\(size).txt")
    try text.write(to: file, atomically: true, encoding: .utf8)
    edgeFiles.append(file.path)
}

// Rounds interleave the sizes, so that a burst of other work on the machine falls on all
// of them alike instead of on whichever size ran during it.
let rounds = 10
var samples: [Int: [Double]] = [:]
var plans: [Int: Plan] = [:]
for size in sizes {
    plans[size] = try Planner.plan(inputs[size]!) // warm-up
}
for _ in 0 ..< rounds {
    for size in sizes {
        let input = inputs[size]!
        for _ in 0 ..< max(1, runs(for: size) / rounds) {
            // Free the previous plan before the clock starts: only planning is timed.
            plans[size] = nil
            var plan: Plan?
            let elapsed = try clock.measure { plan = try Planner.plan(input) }
            plans[size] = plan
            samples[size, default: []].append(milliseconds(elapsed))
        }
    }
}
for size in sizes {
    guard let plan = plans[size], let times = samples[size] else { continue }
    // Builds and the barrier after them fill a level each before the runs.
    let runLevels = plan.levels.filter { $0.first?.hasPrefix("run:") == true }.count
    swiftTimings[size] = Timing(best: times.min() ?? 0, median: median(times), levels: runLevels)
    print(String(format: "swift    %7d components %7d edges: best %9.3f ms  median %9.3f ms  (%d runs, %d steps, %d run levels)",
                 size, edgeCounts[size] ?? 0, times.min() ?? 0, median(times), times.count, plan.steps.count, runLevels))
}

// MARK: - networkx

var networkxTimings: [Int: Timing] = [:]
if useNetworkx {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, script] + edgeFiles
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus != 0 {
        print("networkx: \(script) failed (exit \(process.terminationStatus)); no comparison")
    }
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let size = object["size"] as? Int, let best = object["best_ms"] as? Double,
              let median = object["median_ms"] as? Double, let generations = object["generations"] as? Int,
              let count = object["runs"] as? Int
        else { continue }
        networkxTimings[size] = Timing(best: best, median: median, levels: generations)
        print(String(format: "networkx %7d components %7d edges: best %9.3f ms  median %9.3f ms  (%d runs, %d generations, networkx %@)",
                     size, edgeCounts[size] ?? 0, best, median, count, generations, (object["version"] as? String) ?? "?"))
    }
}

// MARK: - Budgets, last

// Best-of figures are the least disturbed by other work on the machine; medians are given too.
let budgets = [1_000: 5.0, 10_000: 60.0]
print("budgets (best of runs; medians in brackets):")
for size in sizes {
    guard let ours = swiftTimings[size] else { continue }
    var line = String(format: "  %d components: %.3f ms [%.3f ms]", size, ours.best, ours.median)
    if let budget = budgets[size] {
        line += String(format: " (budget <= %.0f ms: %@)", budget, ours.best <= budget ? "met" : "NOT met")
    }
    if let theirs = networkxTimings[size] {
        let same = ours.levels == theirs.levels ? "same levels" : "LEVELS DIFFER: \(ours.levels) vs \(theirs.levels)"
        line += String(format: "; networkx topological_generations %.3f ms [%.3f ms], context only (%@)",
                       theirs.best, theirs.median, same)
    }
    print(line)
}
