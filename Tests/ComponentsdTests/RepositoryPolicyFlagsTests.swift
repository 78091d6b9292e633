import Testing
@testable import componentsd
@testable import componentsd_executor

/// `--allow-private-repositories` and `--allow-insecure-repositories` exist on every command
/// that validates or fetches repositories, are off by default, and do not clash in `all`.
@Suite struct RepositoryPolicyFlagsTests {
    private let flags = ["--allow-private-repositories", "--allow-insecure-repositories"]

    @Test func configCommandTakesTheFlags() throws {
        let strict = try #require(try Componentsd.parseAsRoot(["config"]) as? ConfigCommand)
        #expect(!strict.allowPrivateRepositories && !strict.allowInsecureRepositories)
        let open = try #require(try Componentsd.parseAsRoot(["config"] + flags) as? ConfigCommand)
        #expect(open.allowPrivateRepositories && open.allowInsecureRepositories)
    }

    @Test func executorCommandsTakeTheFlags() throws {
        let strict = try #require(try Componentsd.parseAsRoot(["executor"]) as? ExecutorCommand)
        #expect(!strict.service.executor.allowPrivateRepositories && !strict.service.executor.allowInsecureRepositories)
        let open = try #require(try Componentsd.parseAsRoot(["executor"] + flags) as? ExecutorCommand)
        #expect(open.service.executor.allowPrivateRepositories && open.service.executor.allowInsecureRepositories)
        let alone = try #require(try ComponentsdExecutor.parseAsRoot(flags) as? ComponentsdExecutor)
        #expect(alone.service.executor.allowPrivateRepositories && alone.service.executor.allowInsecureRepositories)
    }

    @Test func allIsStrictUnlessAsked() throws {
        let strict = try #require(try Componentsd.parseAsRoot(["all"]) as? AllCommand)
        #expect(!strict.executor.allowPrivateRepositories && !strict.executor.allowInsecureRepositories)
        let open = try #require(try Componentsd.parseAsRoot(["all"] + flags) as? AllCommand)
        #expect(open.executor.allowPrivateRepositories && open.executor.allowInsecureRepositories)
    }
}
