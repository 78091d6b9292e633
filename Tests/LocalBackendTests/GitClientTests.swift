import ComponentsTesting
import Foundation
import Testing

@testable import ExecutorService
@testable import LocalBackend
import ToolConfig

@Suite struct GitClientTests {
    private func client(_ state: URL, allowLocal: Bool = true) -> GitClient {
        GitClient(stateDirectory: state.appendingPathComponent("state"), allowLocalRepositories: allowLocal,
                  timeout: .seconds(30), logger: testLogger)
    }

    @Test func resolvesBranchesTagsHeadAndCommits() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a.txt": "one"])
            let first = try await repo.head()
            try await shell("git tag -a v1 -m v1 && git tag light && git checkout -q -b feature", in: repo.directory)
            let second = try await repo.commit(files: ["a.txt": "two"], message: "second")
            let git = client(root)

            #expect(try await git.resolve(repository: repo.url, ref: "main") == first)
            #expect(try await git.resolve(repository: repo.url, ref: "feature") == second)
            #expect(try await git.resolve(repository: repo.url, ref: "refs/heads/feature") == second)
            // An annotated tag resolves to its commit, not to the tag object.
            #expect(try await git.resolve(repository: repo.url, ref: "v1") == first)
            #expect(try await git.resolve(repository: repo.url, ref: "light") == first)
            #expect(try await git.resolve(repository: repo.url, ref: nil) == second)
            // A full commit id is answered as is; an abbreviated one is looked up.
            #expect(try await git.resolve(repository: repo.url, ref: first) == first)
            #expect(try await git.resolve(repository: repo.url, ref: first.uppercased()) == first)
            #expect(try await git.resolve(repository: repo.url, ref: String(first.prefix(10))) == first)
        }
    }

    @Test func unknownRefIsAClearError() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a.txt": "one"])
            await #expect {
                try await client(root).resolve(repository: repo.url, ref: "no-such-branch")
            } throws: { error in
                let error = try #require(error as? LocalBackendError)
                return error.code == .refNotFound && error.message.contains("no-such-branch")
            }
            await #expect {
                try await client(root).resolve(repository: "file://" + root.appendingPathComponent("missing").path, ref: "main")
            } throws: { error in
                (error as? LocalBackendError)?.code == .gitFailed
            }
        }
    }

    @Test func namesResolvingToPrivateAddressesAreRefusedBeforeGitRuns() async throws {
        try await withTemporaryDirectory { root in
            // A git that cannot start: reaching it would be a spawn failure, not a refusal.
            let git = GitClient(stateDirectory: root, allowInsecureRepositories: true, timeout: .seconds(30),
                                gitExecutable: root.appendingPathComponent("no-git").path, logger: testLogger)
            var urls = ["https://localhost/r.git", "http://127.0.0.1:1/r.git", "https://[::1]/r.git", "http://2130706433/r"]
            if let alias = loopbackAliasFromHostsFile() { urls.append("https://\(alias):1/r.git") }
            for url in urls {
                await #expect("\(url)") {
                    try await git.resolve(repository: url, ref: "main")
                } throws: { error in
                    let error = try #require(error as? LocalBackendError)
                    return error.code == .invalidRepository && error.message.contains("loopback") && error.message.contains("--allow-private-repositories")
                }
                await #expect("\(url)") { try await git.mirror(repository: url) } throws: { error in
                    (error as? LocalBackendError)?.code == .invalidRepository
                }
            }
        }
    }

    @Test func resolvedAddressesAreChecked() async throws {
        let answer = await HostResolver.resolve("localhost")
        let addresses = try answer.get()
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { $0.nonPublicKind == "loopback" })
        if let alias = loopbackAliasFromHostsFile() {
            await #expect {
                try await RepositoryHostCheck.check("https://\(alias)/r.git")
            } throws: { error in
                (error as? LocalBackendError)?.message.contains("resolves to a loopback address") == true
            }
        }
        await #expect(throws: LocalBackendError.self) { try await RepositoryHostCheck.check("https://no-such-host.invalid/r.git") }
        try await RepositoryHostCheck.check("file:///srv/repo")
    }

    @Test func privateRepositoriesAreReachedWithTheOptionAndErrorsAreRedacted() async throws {
        try await withTemporaryDirectory { root in
            let port = try LoopbackPort.free()
            let git = GitClient(stateDirectory: root, allowPrivateRepositories: true, allowInsecureRepositories: true,
                                timeout: .seconds(30), logger: testLogger)
            for url in ["http://127.0.0.1:\(port)/r.git", "git://localhost:\(port)/r.git"] {
                await #expect("\(url)") {
                    try await git.resolve(repository: url, ref: "main")
                } throws: { error in
                    let error = try #require(error as? LocalBackendError)
                    let shown = error.lastLines.joined(separator: "\n")
                    return error.code == .gitFailed && shown.contains(GitErrorRedactor.connectionFailure)
                        && !shown.contains("\(port)") && !shown.lowercased().contains("refused")
                }
            }
        }
    }

    @Test func gitMayUseOnlyTheAllowedTransports() {
        let state = URL(fileURLWithPath: "/nonexistent")
        #expect(GitClient(stateDirectory: state, logger: testLogger).allowedProtocols == "https")
        #expect(GitClient(stateDirectory: state, allowInsecureRepositories: true, logger: testLogger).allowedProtocols == "https:http:git")
        #expect(GitClient(stateDirectory: state, allowLocalRepositories: true, logger: testLogger).allowedProtocols == "https:file")
        #expect(GitClient.safetyOptions.contains("http.followRedirects=false"))
    }

    @Test func hostileRepositoriesAndRefsAreRefusedAndNothingRuns() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a.txt": "one"])
            let pwned = root.appendingPathComponent("pwned").path
            let git = client(root)
            let hostileURLs = [
                "--upload-pack=touch \(pwned)",
                "ext::sh -c touch% \(pwned)",
                "fd::17",
                "-c", "https://user:secret@example.org/repo.git", "ssh://example.org/repo.git",
                "/absolute/path", "file:relative",
            ]
            for url in hostileURLs {
                await #expect(throws: LocalBackendError.self, "\(url)") { try await git.resolve(repository: url, ref: "main") }
                await #expect(throws: LocalBackendError.self, "\(url)") { try await git.mirror(repository: url) }
            }
            // file:// only where local repositories are allowed.
            await #expect(throws: LocalBackendError.self) { try await client(root, allowLocal: false).resolve(repository: repo.url, ref: "main") }
            for ref in ["-x", "--upload-pack=touch \(pwned)", "main..other", "a b", "refs/heads/x.lock", "@{-1}", "x^0", ""] {
                await #expect {
                    try await git.resolve(repository: repo.url, ref: ref)
                } throws: { error in
                    (error as? LocalBackendError)?.code == .invalidRef
                }
            }
            await #expect(throws: LocalBackendError.self) {
                try await git.export(repository: repo.url, commit: "-x", path: nil, to: root.appendingPathComponent("out"))
            }
            await #expect(throws: LocalBackendError.self) {
                try await git.export(repository: repo.url, commit: try await repo.head(), path: "../etc", to: root.appendingPathComponent("out"))
            }
            await #expect(throws: LocalBackendError.self) {
                try await git.export(repository: repo.url, commit: try await repo.head(), path: "-x", to: root.appendingPathComponent("out"))
            }
            #expect(!FileManager.default.fileExists(atPath: pwned))
        }
    }

    @Test func gitItselfRefusesTheExtTransportEvenPastValidation() async throws {
        try await withTemporaryDirectory { root in
            let pwned = root.appendingPathComponent("pwned").path
            await #expect {
                _ = try await client(root).git(["ls-remote", "--", "ext::sh -c touch% \(pwned)"], what: "testing")
            } throws: { error in
                (error as? LocalBackendError)?.code == .gitFailed
            }
            #expect(!FileManager.default.fileExists(atPath: pwned))
        }
    }

    @Test func mirrorsAndExportsACommitAndASubfolder() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"),
                                                          files: ["README": "root", "app/main.sh": "echo hi", "app/lib/util.txt": "u"])
            let first = try await repo.head()
            let second = try await repo.commit(files: ["README": "changed", "new.txt": "n"], message: "second")
            let git = client(root)

            let mirror = try await git.mirror(repository: repo.url)
            #expect(FileManager.default.fileExists(atPath: mirror.appendingPathComponent("HEAD").path))
            #expect(mirror == git.mirrorDirectory(for: repo.url))

            let whole = root.appendingPathComponent("whole")
            try await git.export(repository: repo.url, commit: first, path: nil, to: whole)
            #expect(try String(contentsOf: whole.appendingPathComponent("README"), encoding: .utf8) == "root")
            #expect(!FileManager.default.fileExists(atPath: whole.appendingPathComponent("new.txt").path))
            #expect(!FileManager.default.fileExists(atPath: whole.appendingPathComponent(".git").path))
            let mode = try FileManager.default.attributesOfItem(atPath: whole.appendingPathComponent("app/main.sh").path)[.posixPermissions] as? Int
            #expect(mode.map { $0 & 0o100 != 0 } == true)

            let sub = root.appendingPathComponent("sub")
            try await git.export(repository: repo.url, commit: second, path: "./app/", to: sub)
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: sub.path)) == ["main.sh", "lib"])
            #expect(try String(contentsOf: sub.appendingPathComponent("lib/util.txt"), encoding: .utf8) == "u")

            await #expect {
                try await git.export(repository: repo.url, commit: second, path: "nope", to: root.appendingPathComponent("x"))
            } throws: { error in
                (error as? LocalBackendError)?.code == .refNotFound
            }
            await #expect {
                try await git.export(repository: repo.url, commit: second, path: "README", to: root.appendingPathComponent("y"))
            } throws: { error in
                (error as? LocalBackendError)?.message.contains("is a file") == true
            }
        }
    }

    @Test func mirrorFetchesNewCommitsAndPrunes() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a": "1"])
            try await shell("git branch doomed", in: repo.directory)
            let git = client(root)
            let mirror = try await git.mirror(repository: repo.url)
            #expect(try await shell("git --git-dir=\(mirror.path) branch --list doomed", in: root).contains("doomed"))

            let next = try await repo.commit(files: ["a": "2"], message: "two")
            try await shell("git branch -D doomed", in: repo.directory)
            // Export of a commit the mirror lacks fetches it.
            let out = root.appendingPathComponent("out")
            try await git.export(repository: repo.url, commit: next, path: nil, to: out)
            #expect(try String(contentsOf: out.appendingPathComponent("a"), encoding: .utf8) == "2")
            #expect(try await shell("git --git-dir=\(mirror.path) branch --list doomed", in: root).isEmpty)
        }
    }

    @Test func concurrentMirrorsOfOneRepositoryDoNotCollide() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a": "1"])
            let git = client(root)
            try await withThrowingTaskGroup(of: URL.self) { group in
                for _ in 0..<4 { group.addTask { try await git.mirror(repository: repo.url) } }
                for try await url in group { #expect(url == git.mirrorDirectory(for: repo.url)) }
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: git.mirrorDirectory(for: repo.url).deletingLastPathComponent().path)
            #expect(leftovers.count == 1)
        }
    }
}
