import ArgumentParser
import ToolConfig

/// What the operator lets a tool's config ask for; the config service refuses more, with the
/// path and line of the value.
struct ConfigLimitsOptions: ParsableArguments {
    @Option(help: "Most replicas one continuous component may ask for (at most \(ParseLimits.replicasCeiling)).")
    var maxReplicas = ParseLimits().maxReplicas
    @Option(help: "Most memory one run may ask for (2Gi); no maximum when absent.")
    var maxMemory: MemoryQuantity?
    @Option(name: .customLong("max-cpu"), help: "Most cpu one run may ask for (2, 500m); no maximum when absent.")
    var maxCPU: CPUQuantity?

    func validate() throws {
        guard (1...ParseLimits.replicasCeiling).contains(maxReplicas) else {
            throw ValidationError("--max-replicas must be from 1 to \(ParseLimits.replicasCeiling)")
        }
    }

    /// The parse limits with these choices in them.
    var limits: ParseLimits {
        var limits = ParseLimits()
        limits.maxReplicas = maxReplicas
        limits.maxMemory = maxMemory
        limits.maxCPU = maxCPU
        return limits
    }
}
