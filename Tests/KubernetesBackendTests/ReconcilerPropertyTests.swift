import KubernetesBackend
import Testing
import ToolConfig

/// The reconcile promises over seeded random configs, against ``KubernetesAPIDouble`` (an
/// in-memory double, not a cluster): a redeploy with nothing changed writes nothing, and a
/// change to one component's command writes only that component's objects.
@Suite struct ReconcilerPropertyTests {
    let generator = ManifestGenerator()

    @Test(arguments: UInt64(1)...60)
    func redeploysWriteNothingOrOnlyTheChangedComponent(seed: UInt64) async throws {
        let tool = RandomToolConfigs.tool(seed: seed)
        let config = RandomToolConfigs.make(seed: seed)
        let api = KubernetesAPIDouble()
        let reconciler = Reconciler(api: api)
        let first = generator.objects(for: ManifestInput(tool: tool, config: config, deployID: "d1"))
        let created = try await reconciler.reconcile(tool: tool, desired: first)
        #expect(created.created.count == first.count)

        await api.clearRequests()
        let again = generator.objects(for: ManifestInput(tool: tool, config: config, deployID: "d2"))
        _ = try await reconciler.reconcile(tool: tool, desired: again)
        #expect(await api.writes == [], "seed \(seed)")

        var rng = SeededGenerator(seed: seed)
        let changedName = try #require(config.components.keys.sorted().randomElement(using: &rng))
        var changed = config
        changed.components[changedName]?.run.command = "changed by seed \(seed)"
        await api.clearRequests()
        let third = generator.objects(for: ManifestInput(tool: tool, config: changed, deployID: "d3"))
        let report = try await reconciler.reconcile(tool: tool, desired: third)
        #expect(!report.written.isEmpty, "seed \(seed)")
        // A one-off's new run is a new Job: look components up among both sets of objects.
        let componentOf = Dictionary((first + third).map { ($0.objectReference.description, $0.component) }) { first, _ in first }
        let writes = await api.writes
        #expect(writes.count == report.written.count)
        #expect(Set(writes.map { componentOf[$0.target] ?? nil }) == [changedName], "seed \(seed): \(writes)")
        #expect(report.deleted.isEmpty)
    }
}
