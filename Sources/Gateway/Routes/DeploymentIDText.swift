/// What a deployment id in a path may be: up to 100 ASCII letters, digits, `-` and `_`, so
/// it can go to the executor and into messages as it is.
enum DeploymentIDText {
    static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 100 && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x2D || byte == 0x5F
        }
    }
}
