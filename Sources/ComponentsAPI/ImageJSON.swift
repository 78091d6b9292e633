/// An image of the registry: `{name, state, aliases, variants: [{consumer, reference}]}`.
public struct ImageJSON: Codable, Sendable, Hashable {
    /// Where one consumer finds the image.
    public struct Variant: Codable, Sendable, Hashable {
        /// `local` or `kubernetes`.
        public var consumer: String
        /// The reference that consumer uses.
        public var reference: String

        /// Creates a variant.
        public init(consumer: String, reference: String) {
            self.consumer = consumer
            self.reference = reference
        }
    }

    /// The image's name.
    public var name: String
    /// stable, deprecated or default.
    public var state: String
    /// Other names that resolve to it.
    public var aliases: [String]
    /// Its reference per consumer.
    public var variants: [Variant]

    /// Creates an image.
    public init(name: String, state: String, aliases: [String], variants: [Variant]) {
        self.name = name
        self.state = state
        self.aliases = aliases
        self.variants = variants
    }
}

/// `data` of `GET /v1/images`: `{"images": [...]}`.
public struct ImageListJSON: Codable, Sendable, Hashable {
    /// The images.
    public var images: [ImageJSON]

    /// Creates a list.
    public init(images: [ImageJSON]) {
        self.images = images
    }
}
