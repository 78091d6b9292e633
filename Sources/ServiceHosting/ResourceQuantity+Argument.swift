import ArgumentParser
import ToolConfig

extension MemoryQuantity: ExpressibleByArgument {
    /// `--default-memory 512Mi`, `--max-memory 2Gi`.
    public init?(argument: String) {
        self.init(argument)
    }
}

extension CPUQuantity: ExpressibleByArgument {
    /// `--default-cpu 1`, `--max-cpu 500m`.
    public init?(argument: String) {
        self.init(argument)
    }
}
