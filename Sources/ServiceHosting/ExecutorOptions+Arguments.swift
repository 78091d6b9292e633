import ArgumentParser
import LocalBackend

/// `--sandbox bubblewrap|none`.
extension Sandbox.Mode: ExpressibleByArgument {}
