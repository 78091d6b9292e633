extension DecodingContext {
    /// Warns, naming the field as written, when the runtime the config is for ignores it.
    ///
    /// - Parameter reason: the key of ``RuntimeSupport/ignoredFields`` when it is not the
    ///   field itself (`timeout-zero`).
    mutating func noteIgnored(_ field: String, reason: String? = nil, in reader: MappingReader) {
        guard let why = options.runtime.ignoredFields[reason ?? field], let mark = reader.keyMark(field) else { return }
        warning(reader.path(field), mark,
            "\(reader.written(field)) is accepted, but \(options.runtime.name) does not honour it: \(why)")
    }
}
