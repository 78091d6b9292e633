/// One spelling for each meaning, so that equal meanings compare (and hash) equal.
extension ToolConfiguration {
    /// This config with defaults folded away and order-free lists sorted: `replicas: 1`,
    /// `publish: false`, `port-protocol: tcp`, `emails: none`, `filelog: false`, `retry: 0`
    /// and false `use-*-versions` become absent; `wait-for` is sorted without repeats; an
    /// empty description is absent; a schedule is written in its normalised form.
    ///
    /// ``ToolConfigParser`` always returns normalised configs; consumers can treat an absent
    /// value as the default.
    public func normalized() -> ToolConfiguration {
        var copy = self
        copy.components = components.mapValues { $0.normalized() }
        if copy.autoDeploy?.pollSeconds == nil { copy.autoDeploy = nil }
        return copy
    }
}

extension Component {
    /// See ``ToolConfiguration/normalized()``.
    public func normalized() -> Component {
        var copy = self
        if copy.description?.isEmpty == true { copy.description = nil }
        copy.waitFor = Array(Set(waitFor)).sorted()
        copy.build = build.normalized()
        copy.run = run.normalized()
        return copy
    }
}

extension BuildSpec {
    /// See ``ToolConfiguration/normalized()``.
    public func normalized() -> BuildSpec {
        var copy = self
        if copy.useLatestVersions == false { copy.useLatestVersions = nil }
        if copy.useDeprecatedVersions == false { copy.useDeprecatedVersions = nil }
        if let path, case .success(let normalizedPath) = BuildPathRule.normalize(path) { copy.path = normalizedPath }
        return copy
    }
}

extension RunSpec {
    /// See ``ToolConfiguration/normalized()``.
    public func normalized() -> RunSpec {
        var copy = self
        if copy.replicas == 1 { copy.replicas = nil }
        if copy.publish != true { copy.publish = nil; copy.publishPath = nil }
        if copy.portProtocol == "tcp" { copy.portProtocol = nil }
        if copy.emails == "none" { copy.emails = nil }
        if copy.filelog == false { copy.filelog = nil }
        if copy.retry == 0 { copy.retry = nil }
        if let schedule, let cron = try? CronExpression(schedule) { copy.schedule = cron.normalized }
        return copy
    }

    /// The number of replicas to run (absent means 1).
    public var effectiveReplicas: Int { replicas ?? 1 }
}
