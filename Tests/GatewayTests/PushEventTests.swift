import Foundation
@testable import Gateway
import Testing

/// Push payloads from anyone: only the needed fields, each of a checked type and size.
@Suite struct PushEventTests {
    private static let commit = String(repeating: "a", count: 40)

    @Test func readsGitHubAndGitLabPushes() throws {
        let github = try PushEvent.parse(Data("""
            {"ref": "refs/heads/main", "before": "\(Self.commit)", "after": "\(String(repeating: "b", count: 40))",
             "repository": {"clone_url": "https://github.com/o/r.git", "html_url": "https://github.com/o/r", "owner": {"login": "o"}},
             "commits": [], "extra": [1, 2, {"x": null}]}
            """.utf8))
        #expect(github == PushEvent(repositories: ["https://github.com/o/r.git", "https://github.com/o/r"], ref: "refs/heads/main",
                                    before: Self.commit, after: String(repeating: "b", count: 40)))
        let gitlab = try PushEvent.parse(Data("""
            {"object_kind": "tag_push", "ref": "refs/tags/v1", "before": "\(Self.commit)", "after": "\(Self.commit)",
             "project": {"git_http_url": "https://gitlab.com/o/r.git", "web_url": "https://gitlab.com/o/r"}}
            """.utf8))
        #expect(gitlab.ref == "refs/tags/v1")
        #expect(gitlab.repositories == ["https://gitlab.com/o/r.git", "https://gitlab.com/o/r"])
        let deletion = try PushEvent.parse(Data(#"{"ref": "refs/heads/x", "after": "\#(String(repeating: "0", count: 40))", "repository": {"clone_url": "u"}}"#.utf8))
        #expect(deletion.deletesRef)
    }

    @Test(arguments: [
        (#"{"ref": "refs/heads/main", "repository": {"clone_url": "https://e.org/r"#, "not valid JSON"),
        (#"{"ref": 5, "repository": {"clone_url": "u"}}"#, "ref has the wrong type"),
        (#"{"ref": null, "repository": {"clone_url": "u"}}"#, "ref is null"),
        (#"{"repository": {"clone_url": "u"}}"#, "has no ref"),
        (#"{"ref": "refs/heads/main", "repository": ["u"]}"#, "repository has the wrong type"),
        (#"{"ref": "refs/heads/main", "repository": {"clone_url": 7}}"#, "clone_url has the wrong type"),
        (#"{"ref": "refs/heads/main", "repository": {}}"#, "names no repository URL"),
        (#"{"ref": "main", "repository": {"clone_url": "u"}}"#, "not a full ref name"),
        (#"{"ref": "refs/heads/main", "after": "HEAD~1", "repository": {"clone_url": "u"}}"#, "not a commit id"),
        (#"["refs/heads/main"]"#, "wrong type"),
        ("", "not valid JSON"),
    ])
    func refusesWhatIsNoPush(payload: String, words: String) {
        #expect {
            try PushEvent.parse(Data(payload.utf8))
        } throws: { error in
            (error as? PushEventError)?.message.contains(words) == true
        }
    }

    @Test func refusesHugeFieldsAndDeepNesting() {
        let long = String(repeating: "x", count: PushEvent.maxFieldLength + 1)
        #expect(throws: PushEventError.self) {
            try PushEvent.parse(Data(#"{"ref": "refs/heads/\#(long)", "repository": {"clone_url": "u"}}"#.utf8))
        }
        #expect(throws: PushEventError.self) {
            try PushEvent.parse(Data((String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)).utf8))
        }
    }
}

/// Webhook deliveries in flight are bounded per tool, so one tool's flood leaves others alone.
@Suite struct WebhookAdmissionTests {
    @Test func oneToolsFloodLeavesAnotherToolsPlaces() {
        let admission = WebhookAdmission(perTool: 2)
        #expect(admission.enter("a"))
        #expect(admission.enter("a"))
        #expect(!admission.enter("a"))
        #expect(admission.enter("b"))
        admission.leave("a")
        #expect(admission.enter("a"))
        admission.leave("a")
        admission.leave("a")
        admission.leave("b")
        #expect(admission.counts.isEmpty, "tools with nothing in flight take no memory")
    }
}
