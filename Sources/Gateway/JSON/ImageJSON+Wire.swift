import ComponentsAPI
import Protocol

extension ImageJSON {
    /// The registry's image as the API shows it.
    init(_ wire: Wire.Image) {
        let state = switch wire.state {
        case .stable: "stable"
        case .deprecated: "deprecated"
        case .default: "default"
        }
        self.init(
            name: wire.name, state: state, aliases: wire.aliases,
            variants: wire.variants.map { Variant(consumer: $0.consumer, reference: $0.reference) })
    }
}
