import Protocol
import Testing

@Suite struct ServiceAddressTests {
    @Test func parsesHostAndPort() {
        #expect(ServiceAddress("127.0.0.1:7401") == ServiceAddress(host: "127.0.0.1", port: 7401))
        #expect(ServiceAddress("[::1]:8000") == ServiceAddress(host: "::1", port: 8000))
        #expect(ServiceAddress("localhost:0")?.isLoopback == true)
    }

    @Test func refusesWhatIsNotHostPort() {
        #expect(ServiceAddress("7401") == nil)
        #expect(ServiceAddress(":7401") == nil)
        #expect(ServiceAddress("host:99999") == nil)
        #expect(ServiceAddress("host:port") == nil)
    }

    @Test func onlyLoopbackIsLoopback() {
        #expect(ServiceAddress(host: "0.0.0.0", port: 1).isLoopback == false)
        #expect(ServiceAddress(host: "10.0.0.1", port: 1).isLoopback == false)
        // Names that only look like loopback addresses.
        for host in ["127.evil.example", "127.0.0.1.nip.io", "::1.example", "localhost.example", "::2", "::ffff:10.0.0.1"] {
            #expect(ServiceAddress(host: host, port: 1).isLoopback == false, "\(host)")
        }
        for host in ["127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "localhost"] {
            #expect(ServiceAddress(host: host, port: 1).isLoopback, "\(host)")
        }
    }

    @Test func constantTimeEqualsComparesWholeStrings() {
        #expect(constantTimeEquals("abc", "abc"))
        #expect(!constantTimeEquals("abc", "abd"))
        #expect(!constantTimeEquals("abc", "abcd"))
        #expect(!constantTimeEquals("", "a"))
    }
}
