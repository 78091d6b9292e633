import ToolConfig

/// One libFuzzer input: the bytes of a tool config file, YAML or JSON, as a user would upload it.
///
/// The bytes go through libyaml, the tree builder, decoding and validation with the default
/// options, as `components config validate` and the config service run them. Rejections are
/// expected (most inputs are garbage); a crash, a sanitizer report, a timeout or a config whose
/// canonical JSON does not parse back to the same config is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let result = ToolConfigParser.parse(bytes: bytes)
    for violation in result.errors + result.warnings {
        _ = violation.description
    }
    guard let config = result.config else {
        guard !result.errors.isEmpty else { fatalError("a config was refused without an error") }
        return 0
    }
    // The stored form: it must be a fixed point, or two uploads of one config would hash differently.
    let json = config.canonicalJSON()
    let again = ToolConfigParser.parse(bytes: Array(json.utf8))
    guard let reparsed = again.config else {
        fatalError("canonical JSON \(json) does not parse back: \(again.errors.map(\.description))")
    }
    guard reparsed.normalized() == config.normalized() else {
        fatalError("canonical JSON \(json) parses back to a different config: \(config.normalized()) became \(reparsed.normalized())")
    }
    guard reparsed.canonicalJSON() == json else {
        fatalError("canonical JSON is not a fixed point: \(json) became \(reparsed.canonicalJSON())")
    }
    return 0
}
