import Testing
import ToolConfig

/// `memory` and `cpu` amounts: their values, and the operator's maximums at validation.
@Suite struct ResourceQuantityTests {
    @Test func memoryAmountsAreExactInBytes() throws {
        let cases: [(String, UInt64)] = [
            ("512Mi", 512 << 20), ("1Gi", 1 << 30), ("1.5Gi", 3 << 29), ("0.1Gi", 107_374_182), ("100M", 100_000_000),
            ("2k", 2_000), ("1024", 1_024), ("1Ti", 1 << 40),
        ]
        for (text, bytes) in cases {
            let quantity = try #require(MemoryQuantity(text), "\(text)")
            #expect(quantity.bytes == bytes, "\(text)")
            #expect(quantity.description == text)
        }
        for refused in ["", "0", "0Mi", "-1Mi", "1.2.3Gi", "Mi", "99999999999999999999Ti", "1 Gi", "0.0000001"] {
            #expect(MemoryQuantity(refused) == nil, "\(refused)")
        }
        #expect(MemoryQuantity(bytes: 32 << 20).text == "32Mi")
        #expect(MemoryQuantity(bytes: 1_000).text == "1000")
    }

    @Test func cpuAmountsAreInMillicores() throws {
        for (text, millicores) in [("0.5", 500), ("2", 2_000), ("500m", 500), ("1.25", 1_250), ("0.001", 1)] as [(String, UInt64)] {
            #expect(try #require(CPUQuantity(text)).millicores == millicores, "\(text)")
        }
        for refused in ["0", "0m", "0.0001", "m", "-1", "1.5m"] {
            #expect(CPUQuantity(refused) == nil, "\(refused)")
        }
        #expect(CPUQuantity(millicores: 250).text == "250m")
        #expect(CPUQuantity(millicores: 3_000).text == "3")
    }

    private func web(memory: String = "256Mi", cpu: String = "0.5") -> String {
        """
        config_version: v0.1
        components:
          web:
            component_type: continuous
            build: {repository: https://example.org/web.git}
            run:
              port: 8000
              memory: \(memory)
              cpu: \(cpu)
        """
    }

    private func limits(memory: String, cpu: String) -> ValidationOptions {
        ValidationOptions(limits: ParseLimits(maxMemory: MemoryQuantity(memory), maxCPU: CPUQuantity(cpu)))
    }

    @Test func memoryOverTheOperatorsMaximumIsRefusedWithPathLineAndMaximum() throws {
        let result = ToolConfigParser.parse(web(memory: "2Gi"), options: limits(memory: "1Gi", cpu: "2"))
        #expect(result.config == nil)
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.path == "components.web.run.memory")
        #expect(error.line == 8)
        #expect(error.message == "memory 2Gi is over this platform's maximum of 1Gi; use at most 1Gi")
    }

    @Test func cpuOverTheOperatorsMaximumIsRefusedWithPathLineAndMaximum() throws {
        let result = ToolConfigParser.parse(web(cpu: "1500m"), options: limits(memory: "1Gi", cpu: "1"))
        let error = try #require(result.errors.first)
        #expect(error.path == "components.web.run.cpu")
        #expect(error.line == 9)
        #expect(error.message.contains("maximum of 1;"))
    }

    @Test func amountsAtTheMaximumAndConfigsWithoutMaximumsPass() {
        #expect(ToolConfigParser.parse(web(memory: "1024Mi", cpu: "1000m"), options: limits(memory: "1Gi", cpu: "1")).isValid)
        #expect(ToolConfigParser.parse(web(memory: "64Gi", cpu: "32")).isValid)
    }
}
