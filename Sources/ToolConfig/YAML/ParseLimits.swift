/// Bounds that keep hostile documents (huge files, deep nesting, "billion laughs" aliases)
/// from using much time or memory. The defaults fit any real tool config with a wide margin.
public struct ParseLimits: Sendable, Hashable {
    /// Largest document accepted, in bytes of UTF-8.
    public var maxDocumentBytes: Int
    /// Deepest nesting of mappings and lists.
    public var maxDepth: Int
    /// Most nodes in the document after aliases are expanded; aliases count with the size
    /// of what they repeat, which is what stops alias bombs.
    public var maxNodes: Int
    /// Most alias uses (`*name`) in one document.
    public var maxAliases: Int
    /// Most bytes of text (keys and values) in the document after aliases are expanded, so
    /// an alias of a long string repeated many times is refused before anything copies it.
    public var maxExpandedBytes: Int
    /// Most components in one config.
    public var maxComponents: Int
    /// Most replicas of one component; the operator sets it (`--max-replicas`).
    public var maxReplicas: Int
    /// Most `memory` one run may ask for; nil for no maximum. The operator sets it (`--max-memory`).
    public var maxMemory: MemoryQuantity?
    /// Most `cpu` one run may ask for; nil for no maximum. The operator sets it (`--max-cpu`).
    public var maxCPU: CPUQuantity?

    /// The highest `--max-replicas` an operator may set.
    public static let replicasCeiling = 1_000

    /// Creates limits; every value must be positive.
    public init(maxDocumentBytes: Int = 1 << 20, maxDepth: Int = 64, maxNodes: Int = 250_000,
                maxAliases: Int = 10_000, maxExpandedBytes: Int = 8 << 20, maxComponents: Int = 1_000,
                maxReplicas: Int = 16, maxMemory: MemoryQuantity? = nil, maxCPU: CPUQuantity? = nil) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxAliases = maxAliases
        self.maxExpandedBytes = maxExpandedBytes
        self.maxComponents = maxComponents
        self.maxReplicas = maxReplicas
        self.maxMemory = maxMemory
        self.maxCPU = maxCPU
    }
}
