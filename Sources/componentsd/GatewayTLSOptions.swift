import ArgumentParser
import Foundation
import Gateway

/// `--tls-cert FILE --tls-key FILE [--client-ca FILE]`: the gateway serves HTTPS, and with a
/// client CA a client certificate it signed authenticates its CN as the tool.
struct GatewayTLSOptions: ParsableArguments {
    @Option(help: "PEM certificate chain: the gateway serves HTTPS.") var tlsCert: String?
    @Option(help: "PEM private key of --tls-cert.") var tlsKey: String?
    @Option(help: "PEM CA whose client certificates authenticate their CN as the tool (tokens keep working).") var clientCa: String?

    func validate() throws {
        switch (tlsCert, tlsKey) {
        case (nil, nil) where clientCa != nil: throw ValidationError("--client-ca needs --tls-cert and --tls-key: client certificates travel in TLS")
        case (_?, nil): throw ValidationError("--tls-cert needs --tls-key")
        case (nil, _?): throw ValidationError("--tls-key needs --tls-cert")
        default: break
        }
        for (option, path) in [("--tls-cert", tlsCert), ("--tls-key", tlsKey), ("--client-ca", clientCa)] {
            if let path, !FileManager.default.isReadableFile(atPath: path) {
                throw ValidationError("\(option) \(path) cannot be read; name a PEM file")
            }
        }
    }

    /// Whether the gateway serves HTTPS.
    var enabled: Bool { tlsCert != nil }

    /// Applies these options to `configuration`.
    func apply(to configuration: inout GatewayConfiguration) throws {
        guard let tlsCert, let tlsKey else { return }
        do {
            try configuration.enableTLS(certificateChain: tlsCert, privateKey: tlsKey, clientCA: clientCa)
        } catch {
            throw ValidationError("--tls-cert \(tlsCert), --tls-key \(tlsKey)\(clientCa.map { ", --client-ca \($0)" } ?? ""): not a PEM certificate chain, key and CA (\(error))")
        }
    }
}
