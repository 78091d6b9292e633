import Foundation

/// Debian's nginx as Toolforge's API gateway: terminates TLS on a loopback port chosen at
/// run time, requires a client certificate signed by the test CA, and forwards to our
/// gateway with the certificate's CN in `x-toolforge-tool` (replacing any the client sent).
/// One process (no master, no daemon) that ``stop()`` ends.
final class NginxFront: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let folder: URL

    private init(port: Int, process: Process, folder: URL) {
        self.port = port
        self.process = process
        self.folder = folder
    }

    /// Starts nginx in `folder` in front of `upstream` (`HOST:PORT`); a port taken between
    /// choosing and binding it is retried with another.
    static func start(in folder: URL, certificates: TestCertificates, upstream: String) async throws -> NginxFront {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("temp"), withIntermediateDirectories: true)
        var lastLog = ""
        for _ in 0..<5 {
            let port = try freeLoopbackPort()
            let configuration = folder.appendingPathComponent("nginx.conf")
            try self.configuration(port: port, folder: folder, certificates: certificates, upstream: upstream)
                .write(to: configuration, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
            process.arguments = ["-p", folder.path, "-c", configuration.path, "-e", folder.appendingPathComponent("error.log").path]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let front = NginxFront(port: port, process: process, folder: folder)
            for _ in 0..<100 where process.isRunning {
                if canConnect(port: port) { return front }
                try await Task.sleep(for: .milliseconds(50))
            }
            await front.stop()
            lastLog = (try? String(contentsOf: folder.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        }
        throw CertificateError(message: "nginx did not start: \(lastLog)")
    }

    /// Ends nginx: SIGTERM (its fast shutdown), then SIGKILL after 5 s.
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for _ in 0..<100 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
    }

    var isRunning: Bool { process.isRunning }

    private static func configuration(port: Int, folder: URL, certificates: TestCertificates, upstream: String) -> String {
        let temp = folder.appendingPathComponent("temp").path
        return """
            daemon off;
            master_process off;
            pid \(folder.appendingPathComponent("nginx.pid").path);
            error_log \(folder.appendingPathComponent("error.log").path) warn;
            events { worker_connections 64; }
            http {
                access_log \(folder.appendingPathComponent("access.log").path);
                client_body_temp_path \(temp)/body;
                proxy_temp_path \(temp)/proxy;
                fastcgi_temp_path \(temp)/fastcgi;
                uwsgi_temp_path \(temp)/uwsgi;
                scgi_temp_path \(temp)/scgi;
                map $ssl_client_s_dn $tool_from_certificate {
                    default "";
                    "~(^|,)CN=(?<cn>[^,]+)" $cn;
                }
                server {
                    listen 127.0.0.1:\(port) ssl;
                    ssl_certificate \(certificates.serverCertificate.path);
                    ssl_certificate_key \(certificates.serverKey.path);
                    ssl_client_certificate \(certificates.caCertificate.path);
                    ssl_verify_client on;
                    location / {
                        proxy_pass http://\(upstream);
                        proxy_set_header x-toolforge-tool $tool_from_certificate;
                        proxy_set_header Authorization "";
                    }
                }
            }

            """
    }

    private static func freeLoopbackPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw CertificateError(message: "no socket for a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw CertificateError(message: "no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func canConnect(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
