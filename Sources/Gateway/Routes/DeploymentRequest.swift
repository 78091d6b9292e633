import ComponentsAPI
import Foundation
import Hummingbird

/// What `POST deployment` asks for. Toolforge passes `force-build` and `force-run` in the
/// query; a JSON body (`force-build`/`force_build`, `force-run`/`force_run`,
/// `only-plan`/`only_plan`, `description`) may say the same and wins. Other body keys are
/// ignored, so a CI webhook can post its own event payload.
struct DeploymentRequest: Sendable, Hashable {
    var forceBuild = false
    var forceRun = false
    var onlyPlan = false
    var description = ""

    static func parse(_ request: Request, limit: Int) async throws(GatewayError) -> DeploymentRequest {
        var options = DeploymentRequest()
        options.forceBuild = try request.flag("force-build", "force_build") ?? false
        options.forceRun = try request.flag("force-run", "force_run") ?? false
        options.onlyPlan = try request.flag("only-plan", "only_plan") ?? false
        options.description = request.query("description") ?? ""

        let text = try await request.text(limit: limit)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return options }
        guard let members = JSONValue.parse(text)?.objectMembers else {
            throw .badRequest("the body must be a JSON object, like {\"force-build\": true, \"description\": \"why\"}")
        }
        options.forceBuild = try flag(members, "force-build", "force_build") ?? options.forceBuild
        options.forceRun = try flag(members, "force-run", "force_run") ?? options.forceRun
        options.onlyPlan = try flag(members, "only-plan", "only_plan") ?? options.onlyPlan
        switch members["description"] {
        case nil, .null?: break
        case .string(let text)?: options.description = text
        default: throw .badRequest("description must be a string")
        }
        return options
    }

    private static func flag(_ members: [String: JSONValue], _ names: String...) throws(GatewayError) -> Bool? {
        for name in names {
            switch members[name] {
            case nil, .null?: continue
            case .bool(let value)?: return value
            case .string(let text)?:
                if !text.isEmpty, let value = QueryFlag.parse(text) { return value }
                throw .badRequest("\(name) must be true or false, not \"\(text)\"")
            default: throw .badRequest("\(name) must be true or false")
            }
        }
        return nil
    }
}
