import Prometheus

/// One service's metrics in a Prometheus registry that is passed in (never a global). The
/// RPC server counts its calls here and answers `components.v1.Metrics` with the text, which
/// the gateway adds to its own `/metrics`.
public final class ServiceMetrics: Sendable {
    /// The registry the metrics live in.
    public let registry: PrometheusCollectorRegistry
    /// The `subsystem` of the metric names (`config`, `planner`, `executor`).
    public let service: String

    /// Creates metrics for `service`.
    public init(service: String, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.service = service
        self.registry = registry
    }

    /// Counts `name_total{labels}` up by one, like `deployments_finished` by status.
    public func increment(_ name: String, help: String, labels: [(String, String)] = []) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "components", subsystem: service, metricName: name, unitName: "total", helpText: help),
            labels: labels
        ).increment()
    }

    /// Counts `name_total{labels}` up by `amount`.
    public func increment(_ name: String, by amount: Int, help: String, labels: [(String, String)] = []) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "components", subsystem: service, metricName: name, unitName: "total", helpText: help),
            labels: labels
        ).increment(by: Int64(amount))
    }

    /// Sets the gauge `name_unit{labels}` to `value`, like `tool_disk_bytes` by tool.
    public func set(_ name: String, unit: String, value: Double, help: String, labels: [(String, String)] = []) {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "components", subsystem: service, metricName: name, unitName: unit, helpText: help),
            labels: labels
        ).set(value)
    }

    /// Records `values` in the histogram `name_unit{labels}`, like `request_duration_seconds`
    /// by tool.
    public func observe(_ name: String, unit: String, values: [Double], help: String, buckets: [Double], labels: [(String, String)] = []) {
        let histogram = registry.makeValueHistogram(
            descriptor: MetricNameDescriptor(namespace: "components", subsystem: service, metricName: name, unitName: unit, helpText: help),
            labels: labels, buckets: buckets)
        for value in values { histogram.record(value) }
    }

    /// Counts one answered call.
    func recordCall(method: String, code: Wire.Code) {
        increment("rpc_calls", help: "RPC calls answered, by method and status code.", labels: [("method", method), ("code", code.name)])
    }

    /// The Prometheus text of every metric.
    public func text() -> String {
        String(decoding: registry.emitToBuffer(), as: UTF8.self)
    }
}
