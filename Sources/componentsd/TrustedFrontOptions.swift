import ArgumentParser
import Gateway

/// `--trusted-proxy CIDR --tool-header NAME`: a front (Toolforge's nginx with client
/// certificates) that authenticates callers and names their tool in a header.
struct TrustedFrontOptions: ParsableArguments {
    @Option(name: .customLong("trusted-proxy"), help: "An address or network (10.0.0.0/8, ::1) of a front that authenticates callers itself; repeatable.")
    var trustedProxies: [String] = []
    @Option(help: "The header in which the trusted front names the caller's tool, such as x-toolforge-tool; believed only from --trusted-proxy addresses.")
    var toolHeader: String?

    func validate() throws {
        _ = try trustedFront
    }

    /// The front these options describe; nil without them.
    var trustedFront: TrustedFront? {
        get throws {
            let networks = try trustedProxies.map { text in
                guard let network = IPNetwork(text) else { throw ValidationError("--trusted-proxy \(text) is not an address or network such as 10.0.0.0/8") }
                return network
            }
            switch (toolHeader, networks.isEmpty) {
            case (nil, true): return nil
            case (nil, false): throw ValidationError("--trusted-proxy needs --tool-header, the header the front names the tool in")
            case (_?, true): throw ValidationError("--tool-header needs --trusted-proxy: from anyone else the header would let any client name any tool")
            case (let header?, false):
                guard !header.isEmpty, header.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                    throw ValidationError("--tool-header \(header) is not an HTTP header name")
                }
                return TrustedFront(networks: networks, header: header)
            }
        }
    }
}
