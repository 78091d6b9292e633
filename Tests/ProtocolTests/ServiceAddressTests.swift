import Protocol
import Testing

@Suite struct ServiceAddressTests {
    @Test func parsesHostAndPort() {
        #expect(ServiceAddress("127.0.0.1:7401") == ServiceAddress(host: "127.0.0.1", port: 7401))
        #expect(ServiceAddress("[::1]:8000") == ServiceAddress(host: "::1", port: 8000))
        #expect(ServiceAddress("localhost:0") == ServiceAddress(host: "localhost", port: 0))
    }

    @Test func refusesWhatIsNotHostPort() {
        #expect(ServiceAddress("7401") == nil)
        #expect(ServiceAddress(":7401") == nil)
        #expect(ServiceAddress("host:99999") == nil)
        #expect(ServiceAddress("host:port") == nil)
    }

    @Test func constantTimeEqualsComparesWholeStrings() {
        #expect(constantTimeEquals("abc", "abc"))
        #expect(!constantTimeEquals("abc", "abd"))
        #expect(!constantTimeEquals("abc", "abcd"))
        #expect(!constantTimeEquals("", "a"))
    }
}
