import ArgumentParser
import ComponentsModel
import Foundation

/// `--router-url http://localhost:8080`: where the router serves tools, each under its own name.
struct RouterURL: ExpressibleByArgument {
    let toolAddress: ToolAddress

    init?(argument: String) {
        guard let url = URLComponents(string: argument), let scheme = url.scheme, ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, url.path.isEmpty || url.path == "/", url.query == nil else { return nil }
        toolAddress = ToolAddress(baseDomain: host, port: url.port ?? (scheme == "https" ? 443 : 80), https: scheme == "https")
    }
}
