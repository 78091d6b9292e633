import ComponentsModel

/// A parse event in Swift terms; ``YAMLParser`` converts libyaml's events into these.
enum YAMLEvent {
    case documentStart(YAMLMark)
    case documentEnd
    case mappingStart(anchor: String?, tag: String?, mark: YAMLMark)
    case mappingEnd
    case sequenceStart(anchor: String?, tag: String?, mark: YAMLMark)
    case sequenceEnd
    case scalar(YAMLScalar, anchor: String?, tag: String?, mark: YAMLMark)
    case alias(anchor: String, mark: YAMLMark)
}

/// Builds a ``YAMLNode`` tree from events while enforcing ``ParseLimits``.
///
/// Aliases share the anchored node (copy-on-write), so memory stays proportional to the
/// text; every alias adds the full size of what it repeats to the node and byte counts, which
/// is what refuses a "billion laughs" document, or one long string repeated by aliases, after
/// a few thousand steps and before anything expands it.
struct YAMLTreeBuilder {
    private struct Frame {
        var isMapping: Bool
        var mark: YAMLMark
        var tag: String?
        var anchor: String?
        /// Dotted path of this container (`components.api.run`), for messages.
        var path: String
        var items: [YAMLNode] = []
        var entries: [YAMLMappingEntry] = []
        var pendingKey: YAMLNode?
        var seenKeys: [String: YAMLMark] = [:]
        var merged: [YAMLMappingEntry] = []
        var size = Extent(nodes: 1, bytes: 0)
    }

    /// How much a node weighs once aliases are expanded: its nodes and its bytes of text.
    struct Extent {
        var nodes: Int
        var bytes: Int

        static func += (total: inout Extent, more: Extent) {
            total.nodes = total.nodes.addingSaturating(more.nodes)
            total.bytes = total.bytes.addingSaturating(more.bytes)
        }
    }

    let limits: ParseLimits
    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Extent)] = [:]
    private var total = Extent(nodes: 0, bytes: 0)
    private var aliasCount = 0
    private var documentCount = 0
    private(set) var root: YAMLNode?
    /// Problems that do not stop parsing (duplicate keys), reported with the rest.
    private(set) var issues: [YAMLParseError] = []

    init(limits: ParseLimits) {
        self.limits = limits
    }

    mutating func handle(_ event: YAMLEvent) throws(YAMLParseError) {
        switch event {
        case .documentStart(let mark):
            documentCount += 1
            if documentCount > 1 {
                throw YAMLParseError(.multipleDocuments,
                    "the file holds more than one YAML document (a second `---`); keep one document per config file",
                    at: mark)
            }
        case .documentEnd:
            break
        case .mappingStart(let anchor, let tag, let mark):
            try open(Frame(isMapping: true, mark: mark, tag: tag, anchor: anchor, path: childPath()))
        case .sequenceStart(let anchor, let tag, let mark):
            try open(Frame(isMapping: false, mark: mark, tag: tag, anchor: anchor, path: childPath()))
        case .mappingEnd, .sequenceEnd:
            guard let frame = stack.popLast() else { return }
            let node: YAMLNode
            if frame.isMapping {
                var entries = frame.entries
                // Keys already present: the mapping's own (all in seenKeys) and merged ones
                // taken so far. A set, because `<<: [*a, *a, ...]` repeats a large mapping.
                var present = Set(frame.seenKeys.keys)
                for entry in frame.merged {
                    guard let key = entry.key.scalar?.value, present.insert(key).inserted else { continue }
                    entries.append(entry)
                }
                node = YAMLNode(.mapping(entries), mark: frame.mark, tag: frame.tag)
            } else {
                node = YAMLNode(.sequence(frame.items), mark: frame.mark, tag: frame.tag)
            }
            try add(node, size: frame.size, anchor: frame.anchor)
        case .scalar(let scalar, let anchor, let tag, let mark):
            try checkTag(tag, at: mark)
            let size = Extent(nodes: 1, bytes: scalar.value.utf8.count)
            try count(size, at: mark, viaAlias: false)
            try add(YAMLNode(.scalar(scalar), mark: mark, tag: tag), size: size, anchor: anchor)
        case .alias(let anchor, let mark):
            guard let target = anchors[anchor] else {
                throw YAMLParseError(.undefinedAlias,
                    "alias *\(anchor) has no matching &\(anchor) before it; define the anchor first (an anchor cannot refer to itself)",
                    at: mark)
            }
            aliasCount += 1
            if aliasCount > limits.maxAliases {
                throw YAMLParseError(.aliasExpansion,
                    "the document uses aliases more than \(limits.maxAliases) times; write the values out or use fewer aliases",
                    at: mark)
            }
            try count(target.size, at: mark, viaAlias: true)
            var node = target.node
            node.mark = mark
            try add(node, size: target.size, anchor: nil)
        }
    }

    /// The path of a node about to be added to the innermost open container.
    private func childPath() -> String {
        guard let parent = stack.last else { return "" }
        if !parent.isMapping { return parent.path + "[\(parent.items.count)]" }
        let key = parent.pendingKey?.scalar?.value ?? ""
        return parent.path.isEmpty ? key : parent.path + "." + key
    }

    private mutating func open(_ frame: Frame) throws(YAMLParseError) {
        try checkTag(frame.tag, at: frame.mark)
        if stack.count >= limits.maxDepth {
            throw YAMLParseError(.tooDeep,
                "nesting is deeper than \(limits.maxDepth) levels; a tool config never needs that, flatten the document",
                at: frame.mark)
        }
        try count(Extent(nodes: 1, bytes: 0), at: frame.mark, viaAlias: false)
        stack.append(frame)
    }

    private mutating func checkTag(_ tag: String?, at mark: YAMLMark) throws(YAMLParseError) {
        guard let tag, !YAMLTag.known.contains(tag) else { return }
        throw YAMLParseError(.unsupportedTag,
            "the tag \(tag) is not supported; remove it (only !!str, !!int, !!float, !!bool, !!null, !!map, !!seq are understood)",
            at: mark)
    }

    private mutating func count(_ size: Extent, at mark: YAMLMark, viaAlias: Bool) throws(YAMLParseError) {
        total += size
        if total.bytes > limits.maxExpandedBytes, viaAlias || aliasCount > 0 {
            throw YAMLParseError(.aliasExpansion,
                "aliases expand this document to more than \(limits.maxExpandedBytes / (1 << 20)) MiB of text; write the value once, or use fewer aliases of long values",
                at: mark)
        }
        guard total.nodes > limits.maxNodes else { return }
        if viaAlias || aliasCount > 0 {
            throw YAMLParseError(.aliasExpansion,
                "aliases expand this document to more than \(limits.maxNodes) values (an alias bomb?); remove the nested aliases",
                at: mark)
        }
        throw YAMLParseError(.tooManyNodes,
            "the document has more than \(limits.maxNodes) values; split it or remove unused parts",
            at: mark)
    }

    /// Adds a finished node to its parent (or makes it the root).
    private mutating func add(_ node: YAMLNode, size: Extent, anchor: String?) throws(YAMLParseError) {
        if let anchor { anchors[anchor] = (node, size) }
        guard var parent = stack.popLast() else {
            root = node
            return
        }
        parent.size += size
        if !parent.isMapping {
            parent.items.append(node)
        } else if let key = parent.pendingKey {
            parent.pendingKey = nil
            try addEntry(key: key, value: node, to: &parent)
        } else {
            guard node.scalar != nil else {
                throw YAMLParseError(.unsupportedKey,
                    "a mapping key must be a plain value, not \(node.kindDescription); write the key as text",
                    at: node.mark)
            }
            parent.pendingKey = node
        }
        stack.append(parent)
    }

    private mutating func addEntry(key: YAMLNode, value: YAMLNode, to frame: inout Frame) throws(YAMLParseError) {
        let name = key.scalar?.value ?? ""
        if name == "<<", key.scalar?.style == .plain, key.tag == nil {
            let sources: [YAMLNode] = value.sequenceItems ?? [value]
            for source in sources {
                guard let entries = source.mappingEntries else {
                    throw YAMLParseError(.unsupportedKey,
                        "a `<<` merge takes an alias of a mapping (or a list of them), not \(source.kindDescription)",
                        at: source.mark)
                }
                frame.merged.append(contentsOf: entries)
            }
            return
        }
        if let first = frame.seenKeys[name] {
            issues.append(YAMLParseError(.duplicateKey,
                "duplicate key \"\(name.truncatedForMessage)\" (first at line \(first.line)); remove one of them",
                at: key.mark, path: frame.path.isEmpty ? name : frame.path + "." + name))
            return
        }
        frame.seenKeys[name] = key.mark
        frame.entries.append(YAMLMappingEntry(key: key, value: value))
    }
}
