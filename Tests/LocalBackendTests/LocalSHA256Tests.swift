import Testing

@testable import ExecutorService
@testable import LocalBackend

@Suite struct LocalSHA256Tests {
    @Test func knownVectors() {
        #expect(LocalSHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(LocalSHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(LocalSHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(LocalSHA256.hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func imageKeysDependOnEveryField() {
        let key = LocalImageKey(repository: "https://example.org/a.git", commit: String(repeating: "a", count: 40), path: nil, buildCommand: nil)
        var withPath = key
        withPath.path = "sub"
        var withCommand = key
        withCommand.buildCommand = "make"
        var emptyCommand = key
        emptyCommand.buildCommand = ""
        let ids = Set([key.id, withPath.id, withCommand.id, emptyCommand.id])
        #expect(ids.count == 4)
        #expect(key.id == LocalImageKey(repository: key.repository, commit: key.commit, path: nil, buildCommand: nil).id)
        #expect(key.id.count == 32)
    }
}
