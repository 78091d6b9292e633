import Foundation
import PropertyBased
import Testing

@testable import LocalBackend

/// The operator's `--network-range`, its /24 per tool, and the addresses in them.
@Suite struct IPv4SubnetTests {
    @Test func parsesRangesFromSlash8ToSlash24AndRefusesTheRest() {
        #expect(IPv4Subnet("10.250.0.0/16")?.description == "10.250.0.0/16")
        #expect(IPv4Subnet("10.250.7.9/16")?.description == "10.250.0.0/16", "host bits are dropped")
        #expect(IPv4Subnet("192.168.5.0/24")?.toolSubnetCount == 1)
        #expect(IPv4Subnet.defaultRange.toolSubnetCount == 256)
        for bad in ["10.250.0.0", "10.250.0.0/25", "10.250.0.0/7", "10.256.0.0/16", "10.0.0/16", "10.0.0.0.0/16", "a.b.c.d/16",
                    "10.0.0.0/", "/16", "10.0.0.-1/16", "1e1.0.0.0/16", "10.0.0.0/16/1", "١٠.0.0.0/16"] {
            #expect(IPv4Subnet(bad) == nil, "\(bad)")
        }
    }

    @Test func eachToolGetsADistinctSlash24WhoseDotOneIsTheHosts() throws {
        let range = try #require(IPv4Subnet("10.250.0.0/22"))
        #expect((0..<range.toolSubnetCount).map { range.toolSubnet($0).description }
                == ["10.250.0.0/24", "10.250.1.0/24", "10.250.2.0/24", "10.250.3.0/24"])
        let tool = range.toolSubnet(2)
        #expect(tool.address(1) == "10.250.2.1")
        #expect(tool.runHostNumbers == 2...254)
        #expect(tool.hostNumber(of: "10.250.2.17") == 17)
        #expect(tool.hostNumber(of: "10.250.3.17") == nil)
        #expect(tool.hostNumber(of: "localhost") == nil)
    }

    @Test func formattingAndParsingAnAddressRoundTrip() async {
        await propertyCheck(input: Gen.uint32()) { value in
            #expect(IPv4Subnet.parse(IPv4Subnet.format(value)) == value)
        }
    }

    @Test func everyRunAddressOfAToolSubnetIsInItAndInTheRange() async {
        await propertyCheck(input: Gen.int(in: 8...24), Gen.uint32(), Gen.int(in: 0...65_535), Gen.int(in: 2...254)) { length, base, index, host in
            let range = IPv4Subnet(base: base, prefixLength: length)
            let tool = range.toolSubnet(index % range.toolSubnetCount)
            let address = tool.address(host)
            #expect(tool.hostNumber(of: address) == host)
            #expect(IPv4Subnet("\(address)/\(length)") == range)
        }
    }
}
