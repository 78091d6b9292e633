import ComponentsAPI
import ComponentsModel

/// The addresses of a config's published components, read from its canonical JSON.
enum PublishedAddresses {
    /// Component name → URL, for each component with a port and `publish` (`true`, or a path).
    static func urls(config: JSONValue, tool: String, address: ToolAddress) -> [String: String] {
        guard let components = config.objectMembers?["components"]?.objectMembers else { return [:] }
        var urls: [String: String] = [:]
        for (name, component) in components {
            guard let run = component.objectMembers?["run"]?.objectMembers, run["port"] != nil else { continue }
            switch run["publish"] {
            case .bool(true)?: urls[name] = address.url(tool: tool, path: "/")
            case .string(let path)?: urls[name] = address.url(tool: tool, path: path)
            default: break
            }
        }
        return urls
    }
}
