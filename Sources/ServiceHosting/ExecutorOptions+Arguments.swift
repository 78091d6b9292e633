import ArgumentParser
import LocalBackend

/// `--sandbox bubblewrap|none`.
extension Sandbox.Mode: ExpressibleByArgument {}

/// `--network namespace|host`.
extension NetworkMode: ExpressibleByArgument {}

/// `--network-range 10.250.0.0/16`.
extension IPv4Subnet: ExpressibleByArgument {}
