import Protocol
import Testing

/// The method names are part of the versioned protocol. They are generated from the proto's
/// service blocks, so renaming a service or an rpc there would rename them on the wire; this
/// list is what peers of protocol version 1 send.
@Suite struct RPCMethodTests {
    @Test func wireNamesAreThoseOfProtocolVersion1() {
        let names: [(generated: String, wire: String)] = [
            (ComponentsMethod.hello.name, "components.v1.Hello"),
            (ComponentsMethod.health.name, "components.v1.Health"),
            (ComponentsMethod.metrics.name, "components.v1.Metrics"),
            (ConfigMethod.validateConfig.name, "config.v1.ValidateConfig"),
            (ConfigMethod.putConfig.name, "config.v1.PutConfig"),
            (ConfigMethod.getConfig.name, "config.v1.GetConfig"),
            (ConfigMethod.refreshConfig.name, "config.v1.RefreshConfig"),
            (ConfigMethod.listConfigVersions.name, "config.v1.ListConfigVersions"),
            (ConfigMethod.deleteConfig.name, "config.v1.DeleteConfig"),
            (ConfigMethod.createTool.name, "config.v1.CreateTool"),
            (ConfigMethod.authenticateToken.name, "config.v1.AuthenticateToken"),
            (ConfigMethod.createDeployToken.name, "config.v1.CreateDeployToken"),
            (ConfigMethod.getDeployToken.name, "config.v1.GetDeployToken"),
            (ConfigMethod.rotateDeployToken.name, "config.v1.RotateDeployToken"),
            (ConfigMethod.deleteDeployToken.name, "config.v1.DeleteDeployToken"),
            (ConfigMethod.listImages.name, "config.v1.ListImages"),
            (ConfigMethod.resolveImage.name, "config.v1.ResolveImage"),
            (ExecutorMethod.createDeployment.name, "executor.v1.CreateDeployment"),
            (ExecutorMethod.getDeployment.name, "executor.v1.GetDeployment"),
            (ExecutorMethod.listDeployments.name, "executor.v1.ListDeployments"),
            (ExecutorMethod.latestDeployment.name, "executor.v1.LatestDeployment"),
            (ExecutorMethod.cancelDeployment.name, "executor.v1.CancelDeployment"),
            (ExecutorMethod.deleteDeployment.name, "executor.v1.DeleteDeployment"),
            (ExecutorMethod.getComponentStates.name, "executor.v1.GetComponentStates"),
            (ExecutorMethod.getLogs.name, "executor.v1.GetLogs"),
            (PlannerMethod.plan.name, "planner.v1.Plan"),
        ]
        for (generated, wire) in names {
            #expect(generated == wire)
        }
        #expect(ProtocolVersion.current == 1, "a new protocol version may rename methods; update this list with it")
    }
}
