import Foundation

/// Renders a plan as JSON with sorted keys, so equal plans give byte-equal documents.
public enum PlanJSONRenderer {
    /// Pretty-printed JSON of the plan, ending with a newline.
    public static func render(_ plan: Plan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // A Plan holds only strings, integers and arrays, which always encode.
        guard let data = try? encoder.encode(plan) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
