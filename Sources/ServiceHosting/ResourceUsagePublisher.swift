import LocalBackend
import Prometheus
import Protocol
import ServiceLifecycle

/// Publishes what each running component uses (memory now, CPU seconds and OOM kills of its
/// current version) as gauges of the executor's metrics, which the gateway's `/metrics`
/// includes. Gauges of components that no longer run are removed.
struct ResourceUsagePublisher: Service {
    let backend: LocalBackend
    let metrics: ServiceMetrics
    /// How often the cgroups are read.
    let interval: Duration

    func run() async throws {
        var gauges: [ComponentKey: [Gauge]] = [:]
        while !Task.isShuttingDownGracefully {
            let usage = await backend.resourceUsage()
            for key in gauges.keys where usage[key] == nil {
                gauges.removeValue(forKey: key)?.forEach { metrics.registry.unregisterGauge($0) }
            }
            for (key, reading) in usage {
                let set = gauges[key] ?? makeGauges(key)
                gauges[key] = set
                set[0].set(Double(reading.memoryBytes ?? 0))
                set[1].set(reading.cpuSeconds ?? 0)
                set[2].set(Double(reading.oomKills))
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }

    /// Memory, CPU seconds and OOM kill gauges of one component.
    private func makeGauges(_ key: ComponentKey) -> [Gauge] {
        let labels = [("tool", key.tool), ("component", key.component)]
        return [
            ("component_memory", "bytes", "Memory the component's processes use now."),
            ("component_cpu", "seconds", "CPU time the component's current version used."),
            ("component_oom_kills", "", "Processes of the component's current version the OOM killer ended."),
        ].map { name, unit, help in
            metrics.registry.makeGauge(
                descriptor: MetricNameDescriptor(namespace: "components", subsystem: metrics.service, metricName: name, unitName: unit, helpText: help),
                labels: labels)
        }
    }
}
