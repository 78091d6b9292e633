import Testing
import ToolConfig

@Suite struct ToolConfigParserTests {
    private func config(_ text: String, options: ValidationOptions = ValidationOptions()) throws -> ToolConfiguration {
        let result = ToolConfigParser.parse(text, options: options)
        #expect(result.errors.isEmpty, "\(result.errors)")
        return try #require(result.config)
    }

    @Test func decodesTheSeedExample() throws {
        let parsed = try config(FixtureSupport.text("valid", "toolhunt.yaml"))
        #expect(parsed.configVersion == "v0.1")
        #expect(parsed.components.keys.sorted() == ["toolhunt-api", "toolhunt-cleanup", "toolhunt-flower", "toolhunt-migratedb"])
        let cleanup = try #require(parsed.components["toolhunt-cleanup"])
        #expect(cleanup.type == .scheduled)
        #expect(cleanup.build.repository == "https://github.com/wikimedia/toolhunt-cleanup")
        #expect(cleanup.run.schedule == "00 * * * *")
        #expect(cleanup.run.command == "cleanup")
        #expect(cleanup.waitFor == ["toolhunt-api"])
        let migrate = try #require(parsed.components["toolhunt-migratedb"])
        #expect(migrate.type == .oneOff)
        #expect(migrate.build == BuildSpec(reuseFrom: "toolhunt-api"))
        #expect(parsed.components["toolhunt-api"]?.run == RunSpec())
    }

    @Test func bothSpellingsAndJSONGiveTheSameConfig() throws {
        let ours = try config(FixtureSupport.text("valid", "toolhunt.yaml"))
        let theirs = try config(FixtureSupport.text("valid", "toolhunt-components-api.yaml"))
        let json = try config(FixtureSupport.text("valid", "toolhunt.json"))
        #expect(ours == theirs)
        #expect(ours == json)
        #expect(ours.contentHash == theirs.contentHash)
        #expect(ours.contentHash == json.contentHash)
    }

    @Test func decodesEveryComponentsAPIField() throws {
        let parsed = try config(FixtureSupport.text("valid", "components-api-v1beta1.yaml"))
        #expect(parsed.configVersion == "v1beta1")
        let web = try #require(parsed.components["web"])
        #expect(web.build.ref == "v2.3.1")
        #expect(web.build.useLatestVersions == true)
        #expect(web.build.useDeprecatedVersions == nil)  // false is the default
        #expect(web.run.port == 8000)
        #expect(web.run.portProtocol == nil)  // tcp is the default
        #expect(web.run.publish == true)
        #expect(web.run.healthCheck == .http(path: "/healthz"))
        #expect(web.run.replicas == 2)
        #expect(web.run.cpu == "0.5")
        #expect(web.run.memory == "512Mi")
        #expect(web.run.mount == "none")
        #expect(web.run.filelog == true)
        #expect(web.run.filelogStdout == "logs/web.out")
        #expect(web.run.filelogStderr == "logs/web.err")
        #expect(web.run.env == ["DEBUG": "false", "WORKERS": "4"])
        #expect(parsed.components["worker"]?.run.healthCheck == .script("test -f /tmp/worker-alive"))
        let nightly = try #require(parsed.components["nightly"])
        #expect(nightly.run.emails == "onfailure")
        #expect(nightly.run.retry == 2)
        #expect(nightly.run.timeoutSeconds == 3_600)
        #expect(parsed.components["migrate"]?.run.timeoutSeconds == 300)
        #expect(parsed.components["migrate"]?.run.emails == nil)
    }

    @Test func mixedSpellingsAndOneUnderscoreOff() throws {
        let parsed = try config(FixtureSupport.text("valid", "mixed-spelling.yaml"))
        #expect(parsed.components["setup"]?.type == .oneOff)
        #expect(parsed.components["api"]?.run.healthCheck == .http(path: "/status"))
        #expect(parsed.components["api"]?.waitFor == ["setup"])
    }

    @Test func scalarsKeepTheirWrittenText() throws {
        let api = try #require(try config(FixtureSupport.text("valid", "scalar-styles.yaml")).components["api"])
        #expect(api.description == "A multi-line\ndescription.\n")
        #expect(api.build.ref == "1.10")
        #expect(api.run.command == "gunicorn --workers 4 app:app\n")
        #expect(api.run.port == 8080)
        #expect(api.run.env == ["PORT_HINT": "8080", "ENABLED": "true", "EMPTY": "", "QUOTED": "yes"])
    }

    @Test func buildPathsAreNormalised() throws {
        let parsed = try config(FixtureSupport.text("valid", "monorepo-build-paths.yaml"))
        #expect(parsed.components["frontend"]?.build.path == "services/frontend")
        #expect(parsed.components["backend"]?.build.path == "services/backend")
        #expect(parsed.components["tools"]?.build.path == nil)
        #expect(parsed.components["frontend"]?.build.command == "npm ci && npm run build")
    }

    @Test func aliasesAndMergeKeysDecode() throws {
        let parsed = try config(FixtureSupport.text("valid", "anchors-and-merge.yaml"))
        #expect(parsed.components["admin"]?.build == parsed.components["api"]?.build)
        #expect(parsed.components["admin"]?.run.port == 8001)
        #expect(parsed.components["admin"]?.run.env == ["LOG_LEVEL": "info", "REGION": "eu"])
        #expect(parsed.components["report"]?.run.env == ["LOG_LEVEL": "info", "REGION": "eu"])
    }

    @Test func byteOrderMarkAndWindowsLineEndingsAreRead() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("components:\r\n  a:\r\n    type: one-off\r\n    build: {repository: https://e.org/r}\r\n    run: {port: 5}\r\n".utf8)
        let result = ToolConfigParser.parse(bytes: bytes)
        #expect(result.errors.map(\.path) == ["components.a.run.port"])
        #expect(result.errors.first?.line == 5)
    }

    @Test func oversizedBytesAreRefusedBeforeDecoding() {
        let result = ToolConfigParser.parse(bytes: [UInt8](repeating: 0x20, count: 2_000),
                                            options: ValidationOptions(limits: ParseLimits(maxDocumentBytes: 1_000)))
        #expect(result.errors.first?.message.contains("limit of 1000 bytes") == true)
    }

    @Test func missingVersionMeansNewest() throws {
        #expect(try config(FixtureSupport.text("valid", "no-version.yaml")).configVersion == ToolConfiguration.newestVersion)
    }

    @Test func reportsEveryErrorInOnePass() {
        let text = """
            config-version: v9
            components:
              api:
                type: continuous
                build: {repository: "ssh://x/y"}
                run: {port: 0, replicas: 0, schedule: "@daily"}
                wait-for: [ghost, api]
              Job:
                type: one-off
                build: {reuse-from: nope}
                run: {timeout: forever, port: 80}
            """
        let result = ToolConfigParser.parse(text)
        #expect(result.config == nil)
        let paths = Set(result.errors.map(\.path))
        for expected in ["config-version", "components.api.build.repository", "components.api.run.port",
                         "components.api.run.replicas", "components.api.run.schedule", "components.api.wait-for[0]",
                         "components.api.wait-for[1]", "components.Job", "components.Job.build.reuse-from",
                         "components.Job.run.timeout", "components.Job.run.port"] {
            #expect(paths.contains(expected), "missing \(expected) in \(result.errors)")
        }
        let positions = result.errors.map { [$0.line, $0.column] }
        #expect(positions == positions.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func unknownKeysAreWarningsNotErrors() throws {
        let result = ToolConfigParser.parse(FixtureSupport.text("valid", "unknown-keys-warnings.yaml"))
        #expect(result.isValid)
        let prot = try #require(result.warnings.first { $0.path == "components.api.run.prot" })
        #expect(prot.message == "unknown field \"prot\" at components.api.run.prot, did you mean \"port\"?")
        #expect(result.warnings.contains { $0.message.contains("move it to components.api.run.port") })
    }

    @Test func imageRegistryNormalisesAliasesAndWarnsOnDeprecation() throws {
        let options = ValidationOptions(knownImages: FixtureSupport.images)
        let result = ToolConfigParser.parse(FixtureSupport.text("valid", "image-build.yaml"), options: options)
        let parsed = try #require(result.config)
        #expect(parsed.components["alias-user"]?.build.image == "python3.11")
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.message.contains("deprecated") == true)

        let unknown = ToolConfigParser.parse("components: {x: {type: one-off, build: {image: python9}}}", options: options)
        let message = try #require(unknown.errors.first?.message)
        #expect(message.contains("node18, php8.2, python3.11"))
        #expect(!message.contains("php7.4"))
        #expect(!message.contains("tf-python311"))
    }

    @Test func imageNamesAreOnlyCheckedForFormWithoutARegistry() throws {
        let parsed = try config("components: {x: {type: one-off, build: {image: anything-1.0}}}")
        #expect(parsed.components["x"]?.build.image == "anything-1.0")
    }

    @Test func localRepositoriesNeedTheOption() {
        let text = "components: {x: {type: one-off, build: {repository: 'file:///srv/x'}}}"
        #expect(!ToolConfigParser.parse(text).isValid)
        #expect(ToolConfigParser.parse(text, options: ValidationOptions(allowLocalRepositories: true)).isValid)
    }

    @Test(arguments: ["https://169.254.169.254/latest", "https://[::1]:6379/x", "https://0x7f.1/r", "http://git.example.org/r",
                      "git://git.example.org/r"])
    func privateAndInsecureRepositoriesAreRefusedWithTheirPath(url: String) {
        let text = """
            components:
              web:
                type: one-off
                build:
                  repository: '\(url)'
            """
        let strict = ToolConfigParser.parse(text)
        #expect(strict.errors.map(\.path) == ["components.web.build.repository"], "\(url)")
        #expect(strict.errors.first?.line == 5, "\(url)")
        let permissive = ValidationOptions(allowPrivateRepositories: true, allowInsecureRepositories: true)
        #expect(ToolConfigParser.parse(text, options: permissive).isValid, "\(url)")
        #expect(ToolConfigParser.parse(text, options: .acceptedConfig).isValid, "\(url)")
    }

    @Test func defaultsAreFoldedAway() throws {
        let parsed = try config("""
            components:
              api:
                type: continuous
                description: ""
                build: {repository: https://e.org/r, use-latest-versions: false}
                run: {port: 80, replicas: 1, publish: false, port-protocol: tcp, filelog: false}
                wait-for: []
            """)
        let api = try #require(parsed.components["api"])
        #expect(api.description == nil)
        #expect(api.build == BuildSpec(repository: "https://e.org/r"))
        #expect(api.run == RunSpec(port: 80))
        #expect(api.run.effectiveReplicas == 1)
    }

    @Test func aThousandComponentsParseAndOneMoreIsRefused() throws {
        var text = "config-version: v0.1\ncomponents:\n"
        for index in 0..<1_000 {
            text += "  c\(index):\n    type: continuous\n    build: {repository: https://example.org/r\(index).git, ref: main}\n"
            text += "    run: {command: serve, port: \(8000 + index), env: {A: b}}\n"
            if index > 0 { text += "    wait-for: [c\(index - 1)]\n" }
        }
        let parsed = try config(text)
        #expect(parsed.components.count == 1_000)
        text += "  extra:\n    type: one-off\n    build: {reuse-from: c0}\n"
        let refused = ToolConfigParser.parse(text)
        #expect(refused.errors.first?.message.contains("limit of 1000") == true)
    }

    @Test func aLongWaitForCycleIsNamedInFull() throws {
        var text = "components:\n"
        for index in 0..<200 {
            text += "  c\(index):\n    type: one-off\n    build: {repository: https://e.org/r}\n    wait-for: [c\((index + 1) % 200)]\n"
        }
        let result = ToolConfigParser.parse(text)
        #expect(result.errors.count == 1)
        let message = try #require(result.errors.first?.message)
        #expect(message.hasPrefix("wait-for forms a cycle: c0 → c1 → c2"))
        #expect(message.contains("c199 → c0;"))
    }
}
