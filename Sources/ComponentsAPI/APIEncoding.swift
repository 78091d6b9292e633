import Foundation

/// How the API writes JSON: keys sorted, so equal answers are equal bytes, and slashes
/// left as they are (URLs and paths stay readable). The gateway answers with it and the
/// CLI prints `--json` with it, pretty.
public enum APIEncoding {
    /// A new encoder with the API's settings; `pretty` indents for people.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
