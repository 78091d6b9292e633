import Foundation
import KubernetesBackend
import Testing

@Suite struct KubernetesSettingsTests {
    @Test func aSettingsFileNeedsOnlyTheFieldsItChanges() throws {
        let json = #"{"namespacePrefix": "tf-", "quota": {"pods": "4"}}"#
        let settings = try JSONDecoder().decode(KubernetesSettings.self, from: Data(json.utf8))
        var expected = KubernetesSettings()
        expected.namespacePrefix = "tf-"
        expected.quota = ["pods": "4"]
        #expect(settings == expected)
        #expect(settings.namespace(of: "toolhunt") == "tf-toolhunt")
    }

    @Test func settingsSurviveAnEncodeAndDecode() throws {
        var settings = KubernetesSettings()
        settings.baseDomain = "toolforge.org"
        settings.ingressNamespaceLabel = ["team": "ingress"]
        settings.jobTTLSeconds = 60
        let decoded = try JSONDecoder().decode(KubernetesSettings.self, from: JSONEncoder().encode(settings))
        #expect(decoded == settings)
    }

    @Test func aWrongTypeIsAnError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(KubernetesSettings.self, from: Data(#"{"jobTTLSeconds": "a day"}"#.utf8))
        }
    }

    @Test func aLongToolNameStillGivesAValidNamespace() {
        let name = KubernetesSettings().namespace(of: String(repeating: "t", count: 63))
        #expect(name.count <= 63 && name.hasPrefix("tool-ttt"))
    }
}
