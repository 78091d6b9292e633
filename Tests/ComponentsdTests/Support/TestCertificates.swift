import Foundation

/// A throwaway CA made with openssl, a server certificate for 127.0.0.1 and a client
/// certificate whose CN names a tool, as Toolforge's kubeconfigs hold.
struct TestCertificates {
    let folder: URL
    var caCertificate: URL { folder.appendingPathComponent("ca.crt") }
    var serverCertificate: URL { folder.appendingPathComponent("server.crt") }
    var serverKey: URL { folder.appendingPathComponent("server.key") }
    var clientCertificate: URL { folder.appendingPathComponent("client.crt") }
    var clientKey: URL { folder.appendingPathComponent("client.key") }

    static func make(in folder: URL, clientCommonName: String) async throws -> TestCertificates {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificates = TestCertificates(folder: folder)
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await openssl(["req", "-x509"] + key + ["-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=components test CA", "-days", "2"], in: folder)
        for (name, subject) in [("server", "/CN=127.0.0.1"), ("client", "/CN=\(clientCommonName)")] {
            try await openssl(["req"] + key + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject], in: folder)
            var sign = ["x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "\(name).crt", "-days", "2"]
            if name == "server" {
                let extensions = folder.appendingPathComponent("server.ext")
                try "subjectAltName=IP:127.0.0.1\n".write(to: extensions, atomically: true, encoding: .utf8)
                sign += ["-extfile", extensions.path]
            }
            try await openssl(sign, in: folder)
        }
        return certificates
    }

    private static func openssl(_ arguments: [String], in folder: URL) async throws {
        let result = try await ExternalCommand.run("sh", ["-c", "cd \"$0\" && exec openssl \"$@\"", folder.path] + arguments, in: folder)
        guard result.status == 0 else { throw CertificateError(message: "openssl \(arguments.first ?? "") failed: \(result.stderr)") }
    }
}

struct CertificateError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
