import Protocol

/// An image of the registry: `{name, state, aliases, variants: [{consumer, reference}]}`.
public struct ImageJSON: Encodable, Sendable, Hashable {
    /// Where one consumer finds the image.
    public struct Variant: Encodable, Sendable, Hashable {
        /// `local` or `kubernetes`.
        public var consumer: String
        /// The reference that consumer uses.
        public var reference: String
    }

    /// The image's name.
    public var name: String
    /// stable, deprecated or default.
    public var state: String
    /// Other names that resolve to it.
    public var aliases: [String]
    /// Its reference per consumer.
    public var variants: [Variant]

    init(_ wire: Wire.Image) {
        name = wire.name
        state = switch wire.state {
        case .stable: "stable"
        case .deprecated: "deprecated"
        case .default: "default"
        }
        aliases = wire.aliases
        variants = wire.variants.map { Variant(consumer: $0.consumer, reference: $0.reference) }
    }
}

/// `data` of `GET /v1/images`: `{"images": [...]}`.
public struct ImageListJSON: Encodable, Sendable, Hashable {
    /// The images.
    public var images: [ImageJSON]
}
