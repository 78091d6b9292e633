import ExecutorService
import Foundation

/// Where this machine's cgroups are and which version they are: cgroup v2 when the unified
/// hierarchy offers the memory, pids and cpu controllers, else cgroup v1 when each of them is
/// mounted on its own hierarchy. Nothing is assumed: both are read from `/proc/self/mountinfo`
/// and `/proc/self/cgroup`, since a host may mount an empty v2 hierarchy beside v1 controllers.
///
/// Run cgroups go under the executor's own cgroup (`<mount><own path>/components`), so they
/// nest inside whatever limits the executor itself runs under.
public struct CgroupHierarchy: Sendable, Hashable {
    /// The cgroup interface in use.
    public enum Version: String, Sendable, Hashable {
        case v1, v2
    }

    /// The controllers a run's cgroup uses; `cpuacct` (v1 only) is read for CPU time when mounted.
    public enum Controller: String, Sendable, Hashable, CaseIterable {
        case memory, pids, cpu, cpuacct
    }

    /// Controllers a run cannot do without.
    static let required: [Controller] = [.memory, .pids, .cpu]

    /// v1 or v2.
    public let version: Version
    /// Per controller, the folder under which run cgroups are made (`.../components`). Under
    /// v2 every controller maps to the same folder.
    public let roots: [Controller: String]

    /// Creates a hierarchy from its parts (tests use it to point at a folder of their own).
    public init(version: Version, roots: [Controller: String]) {
        self.version = version
        self.roots = roots
    }

    /// The distinct folders, one per mounted hierarchy, in a stable order.
    var distinctRoots: [String] {
        var seen = Set<String>()
        return Controller.allCases.compactMap { roots[$0] }.filter { seen.insert($0).inserted }
    }

    /// Why no cgroup hierarchy can be used.
    public struct Unavailable: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is missing or refused, for the operator.
        public var reason: String
        public var description: String { reason }
    }

    /// This machine's hierarchy, with its `components` folders created; the reason when
    /// there is none this process can write to.
    public static func detect() -> Result<CgroupHierarchy, Unavailable> {
        let mountInfo: String
        let membership: String
        do {
            mountInfo = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
            membership = try String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)
        } catch {
            return .failure(Unavailable(reason: "cannot read /proc/self/mountinfo or /proc/self/cgroup: \(error.localizedDescription)"))
        }
        let found: CgroupHierarchy
        switch locate(mountInfo: mountInfo, membership: membership, controllersFile: { try? String(contentsOfFile: $0, encoding: .utf8) }) {
        case .success(let hierarchy): found = hierarchy
        case .failure(let unavailable): return .failure(unavailable)
        }
        do {
            try found.prepare()
        } catch {
            return .failure(Unavailable(reason: error.message))
        }
        return .success(found)
    }

    /// Picks v2 or v1 from the mount table and this process's cgroup membership.
    /// `controllersFile` reads a v2 `cgroup.controllers` file (nil when unreadable).
    static func locate(mountInfo: String, membership: String,
                       controllersFile: (String) -> String?) -> Result<CgroupHierarchy, Unavailable> {
        let mounts = mountInfo.split(separator: "\n").compactMap(CgroupMount.init)
        let own = ownPaths(membership)
        if let unified = mounts.first(where: { $0.isUnified }) {
            let base = unified.directory(for: own.unified)
            let offered = Set((controllersFile(base + "/cgroup.controllers") ?? "").split(whereSeparator: \.isWhitespace).map(String.init))
            if required.allSatisfy({ offered.contains($0.rawValue) }) {
                let root = base + "/components"
                return .success(CgroupHierarchy(version: .v2, roots: Dictionary(uniqueKeysWithValues: required.map { ($0, root) })))
            }
        }
        var roots: [Controller: String] = [:]
        for controller in Controller.allCases {
            guard let mount = mounts.first(where: { $0.controllers.contains(controller.rawValue) }) else { continue }
            roots[controller] = mount.directory(for: own.v1[controller.rawValue] ?? "/") + "/components"
        }
        let missing = required.filter { roots[$0] == nil }
        guard missing.isEmpty else {
            return .failure(Unavailable(reason: "no cgroup v2 hierarchy with memory, pids and cpu, and no cgroup v1 mount of \(missing.map(\.rawValue).joined(separator: ", "))"))
        }
        return .success(CgroupHierarchy(version: .v1, roots: roots))
    }

    /// This process's cgroup path in the unified hierarchy and per v1 controller.
    private static func ownPaths(_ membership: String) -> (unified: String, v1: [String: String]) {
        var unified = "/"
        var v1: [String: String] = [:]
        for line in membership.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = String(fields[2])
            if fields[0] == "0", fields[1].isEmpty {
                unified = path
            } else {
                for controller in fields[1].split(separator: ",") { v1[String(controller)] = path }
            }
        }
        return (unified, v1)
    }

    /// Creates the `components` folders and, under v2, lets them hand the controllers down.
    func prepare() throws(LocalBackendError) {
        for root in distinctRoots {
            try CgroupFiles.makeDirectory(root)
        }
        if version == .v2, let root = roots[.memory] {
            let parent = (root as NSString).deletingLastPathComponent
            try CgroupFiles.enableControllers(in: parent)
            try CgroupFiles.enableControllers(in: root)
        }
    }
}

/// One line of `/proc/self/mountinfo` that mounts a cgroup hierarchy.
private struct CgroupMount {
    /// The path inside the hierarchy that is mounted (not `/` inside some containers).
    let root: String
    let mountPoint: String
    let isUnified: Bool
    /// v1 controllers of the hierarchy (`cpu`, `cpuacct` for a joint mount).
    let controllers: Set<String>

    init?(_ line: Substring) {
        let halves = line.components(separatedBy: " - ")
        guard halves.count == 2 else { return nil }
        let before = halves[0].split(separator: " ")
        let after = halves[1].split(separator: " ")
        guard before.count >= 5, after.count >= 3 else { return nil }
        switch after[0] {
        case "cgroup2":
            isUnified = true
            controllers = []
        case "cgroup":
            isUnified = false
            controllers = Set(after[2].split(separator: ",").map(String.init))
        default:
            return nil
        }
        root = Self.unescape(before[3])
        mountPoint = Self.unescape(before[4])
    }

    /// The folder of cgroup `path` (as `/proc/self/cgroup` names it) under this mount.
    func directory(for path: String) -> String {
        var relative = path
        if root != "/", relative.hasPrefix(root) { relative.removeFirst(root.count) }
        if !relative.hasPrefix("/") { relative = "/" + relative }
        return relative == "/" ? mountPoint : mountPoint + relative
    }

    /// mountinfo writes space, tab, newline and backslash as octal escapes (`\040`).
    private static func unescape(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3, let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
