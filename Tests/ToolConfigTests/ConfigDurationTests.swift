import Testing
import ToolConfig

@Suite struct ConfigDurationTests {
    @Test(arguments: [
        ("30s", 30), ("10m", 600), ("1h", 3_600), ("2d", 172_800), ("1h30m", 5_400),
        ("1d2h3m4s", 93_784), ("90", 90), ("0s", 0),
    ])
    func parses(text: String, seconds: Int) {
        #expect(ConfigDuration.parseSeconds(text) == seconds)
    }

    @Test(arguments: ["", "s", "10x", "1m1h", "1h1h", "-5s", "1.5h", "10 m", "m10", "99999999999999999999s"])
    func refuses(text: String) {
        #expect(ConfigDuration.parseSeconds(text) == nil)
    }

    @Test(arguments: [(600, "10m"), (5_400, "90m"), (3_600, "1h"), (86_400, "1d"), (45, "45s"), (0, "0s")])
    func formatsShortestExactForm(seconds: Int, text: String) {
        #expect(ConfigDuration.format(seconds: seconds) == text)
        #expect(ConfigDuration.parseSeconds(text) == seconds)
    }
}
