import Foundation
import Testing

@testable import LocalBackend

/// The hosts file a tool's sandboxes see, and reading a sandbox's addresses back.
@Suite struct HostsFileTests {
    @Test func namesEachComponentAfterLocalhostAndIsRewrittenInPlace() throws {
        try withTemporaryFile { url in
            try HostsFile.write(["web": "10.250.0.2", "api": "10.250.0.3"], to: url)
            let inode = try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int
            #expect(try String(contentsOf: url, encoding: .utf8)
                    == "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.250.0.3\tapi\n10.250.0.2\tweb\n")
            try HostsFile.write(["web": "10.250.0.4"], to: url)
            #expect(try String(contentsOf: url, encoding: .utf8).hasSuffix("ip6-loopback\n10.250.0.4\tweb\n"), "shorter: the old tail is cut")
            #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int == inode,
                    "the same inode: a bind mount of the file sees the change")
        }
    }

    @Test func readsTheLocalAddressesOfAFibTrie() {
        let trie = """
        Main:
          +-- 0.0.0.0/0 3 0 5
             +-- 10.250.3.0/24 2 0 2
                |-- 10.250.3.0
                   /24 link UNICAST
                |-- 10.250.3.7
                   /32 host LOCAL
                |-- 10.250.3.255
                   /32 link BROADCAST
             +-- 127.0.0.0/8 2 0 2
                |-- 127.0.0.1
                   /32 host LOCAL
        Local:
          +-- 0.0.0.0/0 3 0 5
                |-- 10.250.3.7
                   /32 host LOCAL
        """
        #expect(SandboxAddress.localAddresses(trie) == ["10.250.3.7", "127.0.0.1"])
    }

    private func withTemporaryFile(_ body: (URL) throws -> Void) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hosts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try body(url)
    }
}
