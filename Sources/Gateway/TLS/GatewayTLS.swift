import NIOSSL

extension GatewayConfiguration {
    /// Serves HTTPS with the PEM certificate chain and key. With `clientCA`, a client
    /// certificate that CA signed authenticates its CN as the tool, as Toolforge's kubeconfigs
    /// hold them; a client may still come without one and send a token instead. Throws when a
    /// file cannot be read.
    public mutating func enableTLS(certificateChain: String, privateKey: String, clientCA: String?) throws {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateChain).map { NIOSSLCertificateSource.certificate($0) }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem)))
        if let clientCA {
            // Only certificates the CA signed pass; without one, the client needs a token.
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCA))
            configuration.certificateVerification = .optionalVerification
        }
        tls = configuration
        clientCertificatesAuthenticate = clientCA != nil
    }
}
