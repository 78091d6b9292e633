/// Why a deployment stops before its work is done: someone cancelled it, or it ran past its
/// timeout. It reaches the deployment's ``DeploymentLifecycle`` as an event; the lifecycle
/// keeps the first one and ends the deployment with it.
public enum DeploymentStop: Sendable, Hashable {
    case cancelled
    case timedOut
}
