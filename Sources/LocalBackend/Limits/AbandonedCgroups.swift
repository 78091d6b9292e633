import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CgroupHierarchy {
    /// Removes run cgroups (`components/<group>/<name>`) that no process is in any more and
    /// that were made more than `age` ago: those of processes that ended while no executor
    /// watched them (after a `kill -9` of the executor, or a restart that did not re-adopt
    /// them). The age keeps a cgroup that is being made, whose process has not joined yet.
    /// Answers the folders removed; one that cannot be removed is left for the next sweep.
    /// `groups` limits the sweep to those tools' folders.
    @discardableResult
    public func removeAbandonedRunCgroups(olderThan age: Duration = .seconds(60), now: Date = Date(), groups: Set<String>? = nil) -> [String] {
        let cutoff = now.addingTimeInterval(-Double(age.components.seconds) - Double(age.components.attoseconds) / 1e18)
        var removed: [String] = []
        let files = FileManager.default
        for root in distinctRoots {
            for group in (try? files.contentsOfDirectory(atPath: root)) ?? [] where groups?.contains(group) ?? true {
                let groupPath = "\(root)/\(group)"
                for name in (try? files.contentsOfDirectory(atPath: groupPath)) ?? [] {
                    let path = "\(groupPath)/\(name)"
                    guard let attributes = try? files.attributesOfItem(atPath: path),
                          attributes[.type] as? FileAttributeType == .typeDirectory,
                          let made = attributes[.modificationDate] as? Date, made < cutoff,
                          let procs = CgroupFiles.read(path + "/cgroup.procs"),
                          procs.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                          rmdir(path) == 0 else { continue }
                    removed.append(path)
                }
            }
        }
        return removed
    }
}
