/// Where an object stands against its component's goal, read from its status: the
/// wait-for conditions of the deployment model, in cluster terms.
public enum Readiness: Sendable, Hashable {
    /// Not there yet; keep watching.
    case waiting
    /// The goal is met: rolled out, completed or scheduled.
    case done
    /// It will not get there; the message says why, in the API's words.
    case failed(String)

    /// A Deployment is rolled out when the controller has seen its newest spec
    /// (`observedGeneration`) and every wanted replica is updated and available.
    public static func deployment(_ object: StoredObject?) -> Readiness {
        guard let object else { return .waiting }
        let wanted = object.body["spec"]?["replicas"]?.intValue ?? 1
        let status = object.body["status"]
        if let progressing = condition("Progressing", in: status), progressing["reason"]?.stringValue == "ProgressDeadlineExceeded" {
            return .failed(progressing["message"]?.stringValue ?? "the rollout made no progress before its deadline")
        }
        guard let generation = object.body["metadata"]?["generation"]?.intValue,
              let observed = status?["observedGeneration"]?.intValue, observed >= generation else { return .waiting }
        let updated = status?["updatedReplicas"]?.intValue ?? 0
        let available = status?["availableReplicas"]?.intValue ?? 0
        let total = status?["replicas"]?.intValue ?? 0
        return updated == wanted && available == wanted && total == wanted ? .done : .waiting
    }

    /// A Job is done at its `Complete` condition and failed at its `Failed` one.
    public static func job(_ object: StoredObject?) -> Readiness {
        guard let object else { return .failed("the Job was deleted before it finished") }
        let status = object.body["status"]
        if let failed = condition("Failed", in: status), failed["status"] == "True" {
            let reason = failed["reason"]?.stringValue.map { "\($0): " } ?? ""
            return .failed(reason + (failed["message"]?.stringValue ?? "the Job failed"))
        }
        if let complete = condition("Complete", in: status), complete["status"] == "True" { return .done }
        return .waiting
    }

    /// A CronJob is scheduled once it exists with the spec applied.
    public static func cronJob(_ object: StoredObject?) -> Readiness {
        object == nil ? .waiting : .done
    }

    /// The readiness rule of an object's kind: Deployments, Jobs and CronJobs have one;
    /// other objects are done once they exist.
    public static func rule(for kind: ObjectKind) -> @Sendable (StoredObject?) -> Readiness {
        switch kind.kind {
        case "Deployment": return deployment
        case "Job": return job
        case "CronJob": return cronJob
        default: return { $0 == nil ? .waiting : .done }
        }
    }

    private static func condition(_ type: String, in status: ManifestValue?) -> ManifestValue? {
        guard case .array(let conditions)? = status?["conditions"] else { return nil }
        return conditions.first { $0["type"]?.stringValue == type }
    }
}

extension ManifestValue {
    /// The number of an integer value.
    public var intValue: Int? {
        if case .int(let number) = self { return number }
        return nil
    }
}
