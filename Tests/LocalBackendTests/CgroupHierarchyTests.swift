import Testing

@testable import LocalBackend

/// Telling cgroup v2 from v1 by the mount table, never by assumption.
@Suite struct CgroupHierarchyTests {
    /// This CI machine's table: v1 controllers plus an empty v2 mount.
    private let mixed = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """
    private let mixedMembership = "8:pids:/\n4:memory:/process_api/abc\n2:cpuacct:/\n1:cpu:/\n0::/\n"

    @Test func anEmptyV2MountBesideV1ControllersMeansV1UnderTheOwnCgroup() throws {
        let result = CgroupHierarchy.locate(mountInfo: mixed, membership: mixedMembership) { path in
            path == "/sys/fs/cgroup/unified/cgroup.controllers" ? "\n" : nil
        }
        let hierarchy = try result.get()
        #expect(hierarchy.version == .v1)
        #expect(hierarchy.roots[.memory] == "/sys/fs/cgroup/memory/process_api/abc/components")
        #expect(hierarchy.roots[.pids] == "/sys/fs/cgroup/pids/components")
        #expect(hierarchy.roots[.cpu] == "/sys/fs/cgroup/cpu/components")
        #expect(hierarchy.roots[.cpuacct] == "/sys/fs/cgroup/cpuacct/components")
    }

    @Test func aV2MountOfferingTheControllersIsPreferred() throws {
        let table = "30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
        let hierarchy = try CgroupHierarchy.locate(mountInfo: table, membership: "0::/system.slice/components.service\n") { path in
            path == "/sys/fs/cgroup/system.slice/components.service/cgroup.controllers" ? "cpuset cpu io memory hugetlb pids rdma\n" : nil
        }.get()
        #expect(hierarchy.version == .v2)
        #expect(Set(hierarchy.roots.values) == ["/sys/fs/cgroup/system.slice/components.service/components"])
        #expect(hierarchy.roots[.cpuacct] == nil)
    }

    @Test func jointV1MountsAndMountedSubtreesAreFound() throws {
        let table = """
            32 31 0:29 /docker/x /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct
            35 31 0:32 /docker/x /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
            39 31 0:36 /docker/x /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids
            """
        let hierarchy = try CgroupHierarchy.locate(mountInfo: table, membership: "5:pids:/docker/x\n4:memory:/docker/x\n1:cpu,cpuacct:/docker/x\n") { _ in nil }.get()
        #expect(hierarchy.version == .v1)
        #expect(hierarchy.roots[.cpu] == "/sys/fs/cgroup/cpu,cpuacct/components")
        #expect(hierarchy.roots[.cpuacct] == "/sys/fs/cgroup/cpu,cpuacct/components")
        #expect(hierarchy.distinctRoots.count == 3)
    }

    @Test func noUsableHierarchyIsAReasonNotACrash() {
        let table = "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
        guard case .failure(let unavailable) = CgroupHierarchy.locate(mountInfo: table, membership: "0::/\n", controllersFile: { _ in "" }) else {
            Issue.record("a hierarchy without pids and cpu was accepted")
            return
        }
        #expect(unavailable.reason.contains("pids, cpu"))
    }
}
