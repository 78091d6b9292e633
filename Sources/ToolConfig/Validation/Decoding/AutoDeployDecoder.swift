/// Decodes the top-level `auto-deploy:` section: `{poll: 1m}` or `{poll: off}`.
enum AutoDeployDecoder {
    /// The settings, or nil when the section is absent, null, off or wrong (then an error
    /// with its path and line is reported).
    static func decode(_ root: MappingReader, context: inout DecodingContext) -> AutoDeploySettings? {
        guard let node = root.node("auto-deploy"), !node.isNull else { return nil }
        let sectionPath = root.path("auto-deploy")
        guard let reader = MappingReader(node, path: sectionPath, ownerMark: root.keyMark("auto-deploy") ?? node.mark,
                                         schema: .autoDeploy, context: &context)
        else { return nil }
        guard let poll = reader.node("poll") else {
            context.error(ConfigPath.join(sectionPath, "poll"), reader.ownerMark,
                "\(sectionPath) needs poll: an interval such as 1m, or off")
            return nil
        }
        let path = reader.path("poll")
        guard let text = context.nonEmptyString(poll, path, "poll") else { return nil }
        if ["off", "false", "never"].contains(text.lowercased()) { return nil }
        guard let seconds = ConfigDuration.parseSeconds(text), seconds > 0 else {
            context.error(path, poll.mark,
                "poll \"\(text.truncatedForMessage)\" is not an interval; write it like 30s, 1m or 1h, or off to stop polling")
            return nil
        }
        guard seconds <= AutoDeploySettings.maxPollSeconds else {
            context.error(path, poll.mark,
                "poll \(text.truncatedForMessage) is longer than a day; poll at least daily (1d), or write off and deploy with a webhook")
            return nil
        }
        return AutoDeploySettings(pollSeconds: seconds)
    }
}
