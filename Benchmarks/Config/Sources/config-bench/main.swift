// config-bench: ToolConfigParser.parse (parse + validate) of a generated 1,000-component
// config, against PyYAML's C loader (yaml.CSafeLoader) plus a jsonschema (Draft 2020-12)
// check of the same file, in one run. Both sides are timed in-process on text already in
// memory (the file read is not timed); each figure is the median of --runs runs after
// --warmup runs. Python stays resident and the runs alternate (one Swift, one Python), so a
// busy machine slows both sides alike. The ratio python/swift is printed last.
//
//   config-bench [--components N] [--seed S] [--runs N] [--warmup N]
//                [--python PYTHON] [--python-script FILE] [--schema FILE] [--keep DIR] [--verbose]
//
// --verbose shows why each broken variant (one rule broken in one component) was refused.
import Foundation
import ToolConfig

struct Options {
    var components = 1_000
    var seed: UInt64 = 4
    var runs = 31
    var warmup = 3
    var python = ProcessInfo.processInfo.environment["PYTHON"] ?? "python3"
    var pythonScript: String
    var schema: String
    var keep: String?
    var verbose = false

    init(arguments: [String]) {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()  // Sources/config-bench
        let package = here.deletingLastPathComponent().deletingLastPathComponent()
        pythonScript = package.appendingPathComponent("python/pyyaml_jsonschema.py").path
        schema = package.appendingPathComponent("toolconfig.schema.json").path
        var rest = arguments.dropFirst()
        func value(_ flag: String) -> String {
            guard let v = rest.popFirst() else { fail("\(flag) needs a value") }
            return v
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--components": components = Int(value(flag)) ?? { fail("--components needs a number") }()
            case "--seed": seed = UInt64(value(flag)) ?? { fail("--seed needs a number") }()
            case "--runs": runs = max(1, Int(value(flag)) ?? { fail("--runs needs a number") }())
            case "--warmup": warmup = max(0, Int(value(flag)) ?? { fail("--warmup needs a number") }())
            case "--python": python = value(flag)
            case "--python-script": pythonScript = value(flag)
            case "--schema": schema = value(flag)
            case "--keep": keep = value(flag)
            case "--verbose": verbose = true
            case "-h", "--help":
                print("usage: config-bench [--components N] [--seed S] [--runs N] [--warmup N] [--python PYTHON] [--python-script FILE] [--schema FILE] [--keep DIR] [--verbose]")
                exit(0)
            default: fail("unknown argument \(flag) (see --help)")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("config-bench: \(message)\n".utf8))
    exit(2)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e3 + Double(attoseconds) / 1e15
}

func format(_ ms: Double) -> String { String(format: "%.2f ms", ms) }

struct PythonReport: Decodable {
    struct Sanity: Decodable { var file: String; var rejected: Bool; var message: String }
    var python: String
    var pyyaml: String
    var libyaml: Bool
    var jsonschema: String
    var valid: Bool
    var errors: [String]
    var components: Int
    var sanity: [Sanity]
}

/// Lines from a pipe, without waiting for the writer to close it.
struct LineReader {
    let handle: FileHandle
    var buffer: [UInt8] = []
    init(_ handle: FileHandle) { self.handle = handle }
    mutating func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(contentsOf: chunk)
        }
    }
}

let options = Options(arguments: CommandLine.arguments)
let generator = ConfigGenerator(count: options.components, seed: options.seed)

// Files: the config and one broken variant per fault, in a temporary folder (or --keep DIR).
let folder: URL
if let keep = options.keep {
    folder = URL(fileURLWithPath: keep, isDirectory: true)
} else {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-bench-\(ProcessInfo.processInfo.processIdentifier)")
}
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

let configURL = folder.appendingPathComponent("tool-\(options.components)-seed\(options.seed).yaml")
try Data(generator.yaml().utf8).write(to: configURL)
var faultFiles: [(ConfigGenerator.Fault, URL)] = []
for (i, fault) in ConfigGenerator.Fault.allCases.enumerated() {
    let url = folder.appendingPathComponent("broken-\(i).yaml")
    try Data(generator.yaml(fault: fault).utf8).write(to: url)
    faultFiles.append((fault, url))
}

// The timed input is read once, outside the timing, as the Python side does.
let text = try String(contentsOf: configURL, encoding: .utf8)
let byteCount = text.utf8.count
print("config: \(options.components) components, \(byteCount) bytes of YAML, seed \(options.seed), \(configURL.path)")

// MARK: Swift checks (untimed)

let validationOptions = ValidationOptions()
let result = ToolConfigParser.parse(text, options: validationOptions)
let swiftComponents = result.config?.components.count ?? 0
var swiftSanityFailures: [String] = []
var swiftReasons: [String] = []
for (fault, url) in faultFiles {
    let broken = try String(contentsOf: url, encoding: .utf8)
    let checked = ToolConfigParser.parse(broken, options: validationOptions)
    if checked.isValid { swiftSanityFailures.append(fault.rawValue) }
    if let first = checked.errors.first {
        swiftReasons.append("  swift, \(fault.rawValue): \(first.path):\(first.line): \(first.message)")
    }
}

// MARK: Python, same file, same run: a resident process that times one run per request

let python = Process()
python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
python.arguments = [options.python, options.pythonScript, "--serve", "--schema", options.schema, configURL.path]
    + faultFiles.map { "--broken=\($0.1.path)" }
let toPython = Pipe()
let fromPython = Pipe()
python.standardInput = toPython
python.standardOutput = fromPython
try python.run()
var pythonOutput = LineReader(fromPython.fileHandleForReading)
guard let header = pythonOutput.next(),
      let report = try? JSONDecoder().decode(PythonReport.self, from: Data(header.utf8)) else {
    python.waitUntilExit()
    fail("the Python side failed to start (exit \(python.terminationStatus))")
}
@MainActor func pythonRun() -> (load: Double, validate: Double) {
    toPython.fileHandleForWriting.write(Data("run\n".utf8))
    guard let line = pythonOutput.next() else { fail("the Python side stopped answering") }
    let parts = line.split(separator: " ").compactMap { Double($0) }
    guard parts.count == 2 else { fail("unexpected answer from the Python side: \(line)") }
    return (parts[0], parts[1])
}

// MARK: Timing, interleaved: one Swift run, then one Python run, so both see the same load

let clock = ContinuousClock()
var checksum = 0
var swiftSamples: [Double] = []
var pythonLoad: [Double] = []
var pythonValidate: [Double] = []
let timed = result.isValid && report.valid
for round in 0..<(timed ? options.warmup + options.runs : 0) {
    var run: ValidationResult?
    let elapsed = clock.measure { run = ToolConfigParser.parse(text, options: validationOptions) }
    checksum &+= run?.config?.components.count ?? -1
    let py = pythonRun()
    guard round >= options.warmup else { continue }
    swiftSamples.append(milliseconds(elapsed))
    pythonLoad.append(py.load)
    pythonValidate.append(py.validate)
}
try? toPython.fileHandleForWriting.close()
python.waitUntilExit()
if options.keep == nil { try? FileManager.default.removeItem(at: folder) }  // the files are no longer needed
let pythonTotals = zip(pythonLoad, pythonValidate).map { $0 + $1 }

// MARK: Report

let swiftMedian = swiftSamples.isEmpty ? 0 : median(swiftSamples)
let pythonMedian = pythonTotals.isEmpty ? 0 : median(pythonTotals)
print("runs: \(options.warmup) warm-up + \(swiftSamples.count) timed, Swift and Python alternating; figures are medians")
print("swift ToolConfigParser.parse (parse + validate): median \(format(swiftMedian)) (min \(format(swiftSamples.min() ?? 0)), max \(format(swiftSamples.max() ?? 0)))")
print("swift result: \(result.isValid ? "valid" : "INVALID"), \(result.errors.count) errors, \(result.warnings.count) warnings, \(swiftComponents) components (checksum \(checksum))")
for error in result.errors.prefix(10) { print("  swift error: \(error.path):\(error.line):\(error.column): \(error.message)") }
for warning in result.warnings.prefix(5) { print("  swift warning: \(warning.path):\(warning.line):\(warning.column): \(warning.message)") }
print("swift refuses broken variants: \(faultFiles.count - swiftSanityFailures.count)/\(faultFiles.count)"
      + (swiftSanityFailures.isEmpty ? "" : " (accepted: \(swiftSanityFailures.joined(separator: "; ")))"))
if options.verbose { swiftReasons.forEach { print($0) } }

print("python \(report.python), PyYAML \(report.pyyaml) (libyaml C loader: \(report.libyaml)), jsonschema \(report.jsonschema)")
print("python yaml.load(CSafeLoader): median \(format(pythonLoad.isEmpty ? 0 : median(pythonLoad))); Draft202012Validator.validate: median \(format(pythonValidate.isEmpty ? 0 : median(pythonValidate)))")
print("python load + validate: median \(format(pythonMedian)) (min \(format(pythonTotals.min() ?? 0)), max \(format(pythonTotals.max() ?? 0)))")
print("python result: validation \(report.valid ? "passed" : "FAILED"), \(report.components) components")
for error in report.errors.prefix(10) { print("  python error: \(error)") }
let pythonAccepted = report.sanity.filter { !$0.rejected }
print("python refuses broken variants: \(report.sanity.count - pythonAccepted.count)/\(report.sanity.count)"
      + (pythonAccepted.isEmpty ? "" : " (accepted: \(pythonAccepted.map(\.file).joined(separator: ", ")))"))
if options.verbose {
    for (check, (fault, _)) in zip(report.sanity, faultFiles) { print("  python, \(fault.rawValue): \(check.message)") }
}

let healthy = result.isValid && report.valid && swiftComponents == options.components
    && report.components == options.components && swiftSanityFailures.isEmpty && pythonAccepted.isEmpty
    && report.libyaml && !swiftSamples.isEmpty && python.terminationStatus == 0
if !healthy { print("config-bench: CHECK FAILED (see above); the ratio below compares unequal work") }
print(String(format: "ratio config python/swift: %.2f (goal >= 5)", swiftMedian > 0 ? pythonMedian / swiftMedian : 0))
exit(healthy ? 0 : 1)
