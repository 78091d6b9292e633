/// An API that retries what the server asks to be retried: 429 (too many requests) and 5xx,
/// with exponential backoff. Other errors (a quota exceeded, an invalid object) are the
/// request's fault and come back at once, for the deployment to fail naming them.
public struct RetryingKubernetesAPI: KubernetesAPI {
    /// How often and how patiently to retry.
    public struct Policy: Sendable, Hashable {
        /// Calls in all, the first included.
        public var attempts = 5
        /// The pause after the first failure.
        public var initialDelay = Duration.milliseconds(200)
        /// The longest pause.
        public var maxDelay = Duration.seconds(5)

        public init() {}

        /// The pause after failed attempt `attempt` (1-based): doubling, capped.
        public func delay(after attempt: Int) -> Duration {
            var delay = initialDelay
            for _ in 1..<max(attempt, 1) where delay < maxDelay { delay *= 2 }
            return min(delay, maxDelay)
        }
    }

    /// The API called.
    public var inner: any KubernetesAPI
    /// How often and how patiently to retry.
    public var policy: Policy
    /// Waits between attempts; tests pass one that records instead of sleeping.
    public var sleep: @Sendable (Duration) async -> Void

    /// Wraps `inner`.
    public init(_ inner: any KubernetesAPI, policy: Policy = Policy(),
                sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }) {
        self.inner = inner
        self.policy = policy
        self.sleep = sleep
    }

    /// Server-side apply, retried.
    public func apply(_ object: KubernetesObject, fieldManager: String) async throws(KubernetesAPIError) -> StoredObject {
        try await retrying { () async throws(KubernetesAPIError) in try await inner.apply(object, fieldManager: fieldManager) }
    }

    /// Get, retried.
    public func get(_ reference: ObjectReference) async throws(KubernetesAPIError) -> StoredObject? {
        try await retrying { () async throws(KubernetesAPIError) in try await inner.get(reference) }
    }

    /// List, retried.
    public func list(_ kind: ObjectKind, namespace: String?, labels: [String: String]) async throws(KubernetesAPIError) -> ObjectList {
        try await retrying { () async throws(KubernetesAPIError) in try await inner.list(kind, namespace: namespace, labels: labels) }
    }

    /// Not retried here: ``StatusWatcher`` resumes watches itself.
    public func watch(_ kind: ObjectKind, namespace: String?, labels: [String: String], resourceVersion: String) async -> AsyncThrowingStream<WatchEvent, any Error> {
        await inner.watch(kind, namespace: namespace, labels: labels, resourceVersion: resourceVersion)
    }

    /// Delete, retried.
    public func delete(_ reference: ObjectReference) async throws(KubernetesAPIError) {
        try await retrying { () async throws(KubernetesAPIError) in try await inner.delete(reference) }
    }

    /// A pod's log, retried.
    public func podLog(namespace: String, pod: String, tailLines: Int?) async throws(KubernetesAPIError) -> String {
        try await retrying { () async throws(KubernetesAPIError) in try await inner.podLog(namespace: namespace, pod: pod, tailLines: tailLines) }
    }

    private func retrying<T>(_ call: () async throws(KubernetesAPIError) -> T) async throws(KubernetesAPIError) -> T {
        var attempt = 1
        while true {
            do {
                return try await call()
            } catch where error.code.isRetryable && attempt < policy.attempts && !Task.isCancelled {
                await sleep(policy.delay(after: attempt))
                attempt += 1
            }
        }
    }
}
