import Foundation
import Protocol
import Router
import Testing

/// The router's per-tool and per-component request metrics, from Caddy's access-log lines.
@Suite struct RouterTrafficTests {
    /// A line as Caddy 2.6 writes it with the router's encoder (header maps dropped).
    private func line(host: String, uri: String, status: Int, duration: Double) -> String {
        #"{"level":"info","ts":1796202954.81,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"127.0.0.1","remote_port":"51528","proto":"HTTP/1.1","method":"GET","host":"\#(host)","uri":"\#(uri)"},"user_id":"","duration":\#(duration),"size":2,"status":\#(status)}"#
    }

    @Test func accessLogLinesAreReadByScanningAndEscapedOnesByTheJSONParser() throws {
        let plain = try #require(AccessLogEntry(line: ArraySlice(line(host: "Alpha.localhost:8080", uri: "/api/v1?x=1", status: 502, duration: 0.25).utf8)))
        #expect(plain == AccessLogEntry(host: "alpha.localhost", path: "/api/v1", status: 502, duration: 0.25))
        // An escape in the path: the scanner leaves it to the JSON parser, which decodes it.
        let escaped = try #require(AccessLogEntry(line: ArraySlice(line(host: "alpha.localhost", uri: #"/a\"b\u0026c"#, status: 200, duration: 1e-05).utf8)))
        #expect(escaped == AccessLogEntry(host: "alpha.localhost", path: "/a\"b&c", status: 200, duration: 0.00001))
        #expect(AccessLogEntry(line: ArraySlice(#"{"level":"info","msg":"not a request"}"#.utf8)) == nil)
        #expect(AccessLogEntry(line: ArraySlice("garbage".utf8)) == nil)
        #expect(AccessLogEntry(line: ArraySlice<UInt8>()) == nil)
    }

    @Test func requestsCountByToolComponentAndStatusClassAndUnknownHostsShareOneLabelSet() throws {
        let traffic = RouterTraffic(baseDomain: "localhost")
        traffic.update([
            Wire.PublishedRoute(tool: "alpha", component: "web", path: "/", ports: [8000]),
            Wire.PublishedRoute(tool: "alpha", component: "api", path: "/api", ports: [8100]),
        ])
        let requests: [(String, String, Int)] = [
            ("alpha.localhost", "/", 200), ("alpha.localhost", "/api", 200), ("alpha.localhost", "/api/tools", 503),
            ("alpha.localhost", "/apiary", 200), ("beta.localhost", "/", 404), ("localhost", "/", 404),
        ]
        traffic.record(requests.map { AccessLogEntry(host: $0.0, path: $0.1, status: $0.2, duration: 0.003) })
        // A flood of made-up hosts adds no label set.
        traffic.record((0..<1_000).map { AccessLogEntry(host: "made-up-\($0).localhost", path: "/x\($0)", status: 404, duration: 0.001) })
        let text = traffic.metrics.text()
        #expect(text.contains(#"components_router_requests_total{tool="alpha",component="web",class="2xx"} 2"#), "\(text)")
        #expect(text.contains(#"components_router_requests_total{tool="alpha",component="api",class="2xx"} 1"#), "\(text)")
        #expect(text.contains(#"components_router_requests_total{tool="alpha",component="api",class="5xx"} 1"#), "\(text)")
        #expect(text.contains(#"components_router_requests_total{tool="",component="",class="4xx"} 1002"#), "\(text)")
        #expect(text.contains(#"components_router_request_duration_seconds_count{tool="alpha",component="api"} 2"#), "\(text)")
        let requestSeries = text.split(separator: "\n").filter { $0.hasPrefix("components_router_requests_total{") }
        #expect(requestSeries.count == 4, "\(requestSeries)")
    }
}
