/// What decides whether an object changed: its body without the bookkeeping labels (which
/// deployment wrote it), hashed. The reconciler stores it as an annotation and compares it
/// with the live object's instead of diffing bodies the server has defaulted.
public enum SpecHash {
    /// The annotation holding the hash.
    public static let annotation = ObjectLabels.prefix + "spec-hash"

    /// The hash of `object` as generated.
    public static func of(_ object: KubernetesObject) -> String {
        let body = object.body.updating(["metadata"]) { metadata in
            if case .object(var labels)? = metadata["labels"] {
                for key in ObjectLabels.bookkeeping { labels[key] = nil }
                metadata["labels"] = .object(labels)
            }
            if case .object(var annotations)? = metadata["annotations"] {
                annotations[annotation] = nil
                metadata["annotations"] = .object(annotations)
            }
        }
        return "fnv1a64:" + KubernetesNames.fullHash(YAMLEmitter.document(body))
    }

    /// `object` with its hash annotation added, ready to apply.
    public static func annotated(_ object: KubernetesObject) -> KubernetesObject {
        var annotated = object
        let hash = of(object)
        annotated.body = object.body.updating(["metadata", "annotations"]) { $0[annotation] = .string(hash) }
        return annotated
    }
}
