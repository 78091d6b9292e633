import KubernetesBackend
import Testing

@Suite struct KubernetesNamesTests {
    static func isLabel(_ text: String, max: Int = 63) -> Bool {
        !text.isEmpty && text.count <= max && text.first != "-" && text.last != "-"
            && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    @Test func namesThatFitAreKeptAndLongOnesAreCutWithAHashThatKeepsThemDistinct() {
        #expect(KubernetesNames.label("toolhunt-api") == "toolhunt-api")
        let long = String(repeating: "a", count: 60) + "-tail"
        let other = String(repeating: "a", count: 60) + "-tale"
        #expect(Self.isLabel(KubernetesNames.label(long)))
        #expect(KubernetesNames.label(long) != KubernetesNames.label(other))
        #expect(Self.isLabel(KubernetesNames.label(long, maxLength: 52), max: 52))
        #expect(KubernetesNames.label("tool-" + String(repeating: "b", count: 63)).hasPrefix("tool-bbb"))
    }

    @Test func serviceNamesStartWithALetter() {
        #expect(KubernetesNames.serviceName("api") == "api")
        #expect(KubernetesNames.serviceName("0abc") == "c-0abc")
        let name = KubernetesNames.serviceName("9" + String(repeating: "x", count: 62))
        #expect(Self.isLabel(name) && name.first?.isLetter == true)
    }

    @Test func labelValuesStayWithinTheirCharactersAndLength() {
        #expect(KubernetesNames.labelValue("v0.1") == "v0.1")
        #expect(KubernetesNames.labelValue("registry.example/x/api:main") == "registry.example_x_api_main")
        let long = KubernetesNames.labelValue("registry.example/" + String(repeating: "p", count: 80) + ":v1")
        #expect(long.count <= 63 && long.hasPrefix("registry.example_ppp") && long.hasSuffix(KubernetesNames.shortHash("registry.example/" + String(repeating: "p", count: 80) + ":v1")))
        #expect(KubernetesNames.labelValue("/leading") == "leading")
        #expect(KubernetesNames.labelValue("") == KubernetesNames.shortHash(""))
    }

    @Test func urlVariablesAreTheComponentUpperCased() {
        #expect(KubernetesNames.urlVariable("toolhunt-api") == "TOOLHUNT_API_URL")
    }
}
