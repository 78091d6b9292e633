import KubernetesBackend
import Testing

/// Retries against ``KubernetesAPIDouble`` (an in-memory double, not a cluster), with pauses
/// recorded instead of slept.
@Suite struct RetryingKubernetesAPITests {
    actor Pauses {
        var taken: [Duration] = []
        func add(_ pause: Duration) { taken.append(pause) }
    }

    let object = KubernetesObject(apiVersion: "v1", kind: "ServiceAccount", namespace: "tool-a", name: "tool", component: nil,
                                  body: ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "tool", "namespace": "tool-a"]])

    func retrying(_ api: KubernetesAPIDouble, _ pauses: Pauses) -> RetryingKubernetesAPI {
        RetryingKubernetesAPI(api) { await pauses.add($0) }
    }

    @Test func tooManyRequestsAndUnavailableAreRetriedWithGrowingPauses() async throws {
        let api = KubernetesAPIDouble(), pauses = Pauses()
        await api.failNextApply(of: object.objectKind, with: KubernetesAPIError(code: .tooManyRequests, object: nil, message: "slow down"))
        await api.failNextApply(of: object.objectKind, with: KubernetesAPIError(code: .unavailable, object: nil, message: "etcd leader changed"))
        let stored = try await retrying(api, pauses).apply(object, fieldManager: "components")
        #expect(stored.reference == object.objectReference)
        #expect(await api.requests.map(\.verb) == ["apply", "apply", "apply"])
        #expect(await pauses.taken == [.milliseconds(200), .milliseconds(400)])
    }

    @Test func aServerThatStaysDownFailsAfterTheLastAttemptWithItsMessage() async throws {
        let api = KubernetesAPIDouble(), pauses = Pauses()
        for _ in 0..<6 {
            await api.failNextApply(of: object.objectKind, with: KubernetesAPIError(code: .unavailable, object: nil, message: "down"))
        }
        let error = await #expect(throws: KubernetesAPIError.self) {
            try await retrying(api, pauses).apply(object, fieldManager: "components")
        }
        #expect(error?.description == "ServiceAccount/tool-a/tool: down (HTTP 503)")
        #expect(await api.requests.count == 5)
        #expect(await pauses.taken == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1_600)])
    }

    @Test func aQuotaExceededIsNotRetried() async throws {
        let api = KubernetesAPIDouble(), pauses = Pauses()
        await api.failNextApply(of: object.objectKind, with: KubernetesAPIError(code: .forbidden, object: nil, message: "exceeded quota: quota"))
        await #expect(throws: KubernetesAPIError.self) {
            try await retrying(api, pauses).apply(object, fieldManager: "components")
        }
        #expect(await api.requests.count == 1)
        #expect(await pauses.taken.isEmpty)
    }

    @Test func pausesDoubleUpToTheCap() {
        let policy = RetryingKubernetesAPI.Policy()
        #expect((1...7).map(policy.delay(after:)) == [.milliseconds(200), .milliseconds(400), .milliseconds(800),
                                                      .milliseconds(1_600), .milliseconds(3_200), .seconds(5), .seconds(5)])
    }
}
