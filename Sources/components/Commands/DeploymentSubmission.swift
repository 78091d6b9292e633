import ArgumentParser
import Foundation
import ComponentsAPI
import PlannerService

/// Posts a request that creates a deployment (`deployment`, `deployment/…/rollback`), then
/// prints its plan (`onlyPlan`) or its id, or follows it live; exits 1 when it ends other than
/// successful. It returns at once with `noWait`, and when standard output is not a terminal
/// (a script, as upstream's CLI does) unless `wait`.
struct DeploymentSubmission {
    let server: ServerOptions
    let path: String
    let request: DeploymentRequestJSON
    let noWait: Bool
    let wait: Bool

    func run(planHeading: (DeploymentJSON) -> String? = { _ in nil }) async throws {
        let api = try server.endpoint()
        let created = try await api.send("POST", api.toolPath(path), body: try APIEncoding.encoder().encode(request).bytes, as: DeploymentJSON.self)
        let deployment = created.data
        let returnAtOnce = noWait || (!wait && isatty(STDOUT_FILENO) != 1)
        if server.json && (request.onlyPlan || returnAtOnce) { printJSON(created.envelope); return }
        if request.onlyPlan {
            if let heading = planHeading(deployment) { print(heading) }
            print(try deployment.plan.map { PlanTextRenderer.render(try Plan($0)) } ?? "The server returned no plan.", terminator: "")
            return
        }
        if returnAtOnce {
            print(deployment.deployID)
            return
        }
        let final = try await DeploymentFollower(api: api, json: server.json).follow(deployment.deployID)
        if final.status != .successful { throw ExitCode(1) }
    }
}
