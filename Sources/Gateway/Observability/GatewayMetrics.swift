import Prometheus

/// The gateway's metrics in a Prometheus registry that is injected (never a global), so
/// `componentsd all` can share one registry and tests can read their own.
public final class GatewayMetrics: Sendable {
    /// Where the metrics live; `/metrics` serves it.
    public let registry: PrometheusCollectorRegistry

    private static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Creates the metrics in `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// Counts one answered request and its latency. `route` is the route template
    /// (`/v1/tool/{tool}/config`), never the raw path, so the label set stays bounded.
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.requests,
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.latency,
            labels: [("route", route), ("method", method)],
            buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// Counts a deployment the gateway asked the executor to create.
    func recordDeploymentCreated(onlyPlan: Bool) {
        registry.makeCounter(descriptor: Self.deploymentsCreated, labels: [("only_plan", String(onlyPlan))]).increment()
    }

    /// What became of a webhook delivery.
    enum WebhookOutcome: String {
        case received, refused, ignored
    }

    /// Counts a webhook delivery by provider: every one as received, then refused (bad
    /// signature or payload) or ignored (no component builds what was pushed).
    func recordWebhook(_ provider: String, outcome: WebhookOutcome) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "components", subsystem: "gateway", metricName: "webhooks_\(outcome.rawValue)", unitName: "total",
                helpText: "Webhook deliveries \(outcome.rawValue), by provider."),
            labels: [("provider", provider)]
        ).increment()
    }

    /// The text `/metrics` answers.
    func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    // Computed: the descriptor type is not Sendable, so it cannot be a stored static.
    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "components", subsystem: "gateway", metricName: "http_requests", unitName: "total",
            helpText: "HTTP requests answered, by route template, method and status.")
    }
    private static var latency: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "components", subsystem: "gateway", metricName: "http_request_duration", unitName: "seconds",
            helpText: "Time to answer HTTP requests, by route template and method.")
    }
    private static var deploymentsCreated: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "components", subsystem: "gateway", metricName: "deployments_created", unitName: "total",
            helpText: "Deployments created through the API.")
    }
}
