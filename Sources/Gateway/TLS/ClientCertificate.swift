import NIOCore
import NIOSSL
import X509

/// The tool a verified client certificate names: its subject's CN.
enum ClientCertificate {
    /// The CN of the certificate the peer of `channel` presented and the CA verified; nil
    /// when it presented none (or the channel has no TLS), so the caller needs a token.
    static func tool(on channel: any Channel) async -> String? {
        let presented: NIOSSLCertificate?
        do {
            presented = try await channel.nioSSL_peerCertificate().get()
        } catch {
            // No TLS handler on this channel: not a certificate client.
            return nil
        }
        guard let presented, let der = try? presented.toDERBytes(), let certificate = try? Certificate(derEncoded: der) else { return nil }
        return commonName(of: certificate)
    }

    /// The first CN of the subject.
    static func commonName(of certificate: Certificate) -> String? {
        for relativeName in certificate.subject {
            for attribute in relativeName where attribute.type == .RDNAttributeType.commonName {
                return String(attribute.value)
            }
        }
        return nil
    }
}
