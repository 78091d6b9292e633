/// Method names of the config service, shared by servers and clients.
public enum ConfigMethod {
    public static let validateConfig = "config.v1.ValidateConfig"
    public static let putConfig = "config.v1.PutConfig"
    public static let getConfig = "config.v1.GetConfig"
    public static let listConfigVersions = "config.v1.ListConfigVersions"
    public static let deleteConfig = "config.v1.DeleteConfig"
    public static let createTool = "config.v1.CreateTool"
    public static let authenticateToken = "config.v1.AuthenticateToken"
    public static let createDeployToken = "config.v1.CreateDeployToken"
    public static let getDeployToken = "config.v1.GetDeployToken"
    public static let rotateDeployToken = "config.v1.RotateDeployToken"
    public static let deleteDeployToken = "config.v1.DeleteDeployToken"
    public static let listImages = "config.v1.ListImages"
    public static let resolveImage = "config.v1.ResolveImage"
}

/// Method names of the planner service.
public enum PlannerMethod {
    public static let plan = "planner.v1.Plan"
}

/// Method names of the executor service.
public enum ExecutorMethod {
    public static let createDeployment = "executor.v1.CreateDeployment"
    public static let getDeployment = "executor.v1.GetDeployment"
    public static let listDeployments = "executor.v1.ListDeployments"
    public static let latestDeployment = "executor.v1.LatestDeployment"
    public static let cancelDeployment = "executor.v1.CancelDeployment"
    public static let deleteDeployment = "executor.v1.DeleteDeployment"
    public static let getComponentStates = "executor.v1.GetComponentStates"
    public static let getLogs = "executor.v1.GetLogs"
}
