/// How a component runs. The config model, the planner and the executor all use this type;
/// the raw values are the config's and the API's spellings.
public enum ComponentType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A long-running service, restarted when it dies: done when started and healthy.
    case continuous
    /// A job started by a cron schedule: done when its schedule is registered.
    case scheduled
    /// A job run once per change, to completion: done when it completed successfully.
    case oneOff = "one-off"
}
