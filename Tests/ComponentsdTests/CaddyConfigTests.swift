import Foundation
import Protocol
@testable import Router
import Testing

/// The Caddy config the router builds from routes, read as Caddy reads it.
@Suite struct CaddyConfigTests {
    private let settings = RouterSettings(directory: URL(fileURLWithPath: "/state/router"))

    private func config(_ routes: [Wire.PublishedRoute]) throws -> [String: Any] {
        let data = try CaddyConfig.data(routes: routes, settings: settings, adminSocket: settings.adminSockets[1])
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func server(_ config: [String: Any]) -> [String: Any]? {
        (((config["apps"] as? [String: Any])?["http"] as? [String: Any])?["servers"] as? [String: Any])?["components"] as? [String: Any]
    }

    @Test func eachToolIsAHostItsLongestPathComesFirstAndEverythingElseIs404() throws {
        let config = try config([
            Wire.PublishedRoute(tool: "beta", component: "web", path: "/", ports: [9000]),
            Wire.PublishedRoute(tool: "alpha", component: "web", path: "/", ports: [8000, 8001], healthPath: "/healthz"),
            Wire.PublishedRoute(tool: "alpha", component: "api", path: "/api/v1", ports: [8100]),
        ])
        let admin = try #require(config["admin"] as? [String: Any])
        #expect(admin["listen"] as? String == "unix//state/router/admin-b.sock", "the admin API is a Unix socket, never a TCP port")
        let server = try #require(self.server(config))
        #expect(server["listen"] as? [String] == ["127.0.0.1:8080"])
        let routes = try #require(server["routes"] as? [[String: Any]])
        #expect(routes.count == 3, "one per tool, then the 404")
        let hosts = routes.compactMap { (($0["match"] as? [[String: Any]])?.first?["host"] as? [String])?.first }
        #expect(hosts == ["alpha.localhost", "beta.localhost"])
        #expect(routes.last?["match"] == nil)
        #expect(((routes.last?["handle"] as? [[String: Any]])?.first?["status_code"] as? Int) == 404)

        let alpha = try #require(((routes[0]["handle"] as? [[String: Any]])?.first?["routes"]) as? [[String: Any]])
        let matches = alpha.map { (($0["match"] as? [[String: Any]])?.first?["path"] as? [String]) }
        #expect(matches.count == 3)
        #expect(matches[0] == ["/api/v1", "/api/v1/*"], "the longer prefix is tried first, on a segment boundary")
        #expect(matches[1] == nil, "/ takes the rest")
        let web = try #require((alpha[1]["handle"] as? [[String: Any]])?.first)
        #expect((web["upstreams"] as? [[String: String]])?.map { $0["dial"] } == ["127.0.0.1:8000", "127.0.0.1:8001"], "every replica is an upstream")
        #expect(((web["health_checks"] as? [String: Any])?["active"] as? [String: Any])?["uri"] as? String == "/healthz")
        #expect(((alpha[2]["handle"] as? [[String: Any]])?.first?["status_code"] as? Int) == 404, "an unpublished path of a tool is 404")
    }

    @Test func replicasInNetworkNamespacesAreDialledAtTheirAddresses() throws {
        let route = Wire.PublishedRoute(tool: "alpha", component: "web", path: "/", ports: [5000, 5000], addresses: ["10.250.0.2", "10.250.0.3"])
        #expect(CaddyConfig.upstreams(route) == ["10.250.0.2:5000", "10.250.0.3:5000"])
        #expect(CaddyConfig.upstreams(Wire.PublishedRoute(tool: "alpha", component: "web", path: "/", ports: [8000])) == ["127.0.0.1:8000"],
                "without addresses, loopback")
    }

    @Test func httpsListensOn443WithAutomaticHTTPS() throws {
        var secure = settings
        secure.https = true
        secure.baseDomain = "example.org"
        let data = try CaddyConfig.data(routes: [], settings: secure, adminSocket: secure.adminSockets[0])
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let server = try #require(self.server(json))
        #expect(server["listen"] as? [String] == [":443"])
        #expect(server["automatic_https"] == nil)
        #expect(secure.toolAddress.url(tool: "mytool", path: "/") == "https://mytool.example.org/")
        #expect(settings.toolAddress.url(tool: "mytool", path: "/api") == "http://mytool.localhost:8080/api")
    }

    @Test func requestMetricsAreTheAccessLogAndCanBeSwitchedOff() throws {
        let logs = { (config: [String: Any]) in (config["logging"] as? [String: Any])?["logs"] as? [String: Any] }
        let on = try config([])
        #expect(server(on)?["logs"] != nil, "the server logs its requests")
        let access = try #require(logs(on)?["access"] as? [String: Any])
        #expect((access["writer"] as? [String: Any])?["address"] as? String == "unix//state/router/access.sock")

        var quiet = settings
        quiet.requestMetrics = false
        let data = try CaddyConfig.data(routes: [], settings: quiet, adminSocket: quiet.adminSockets[0])
        let off = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(server(off)?["logs"] == nil, "no access log: Caddy does no per-request logging work")
        #expect(logs(off)?["access"] == nil)
        #expect(logs(off)?["default"] != nil, "Caddy's own warnings still reach its log")
    }
}
