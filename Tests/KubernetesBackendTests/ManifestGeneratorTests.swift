import KubernetesBackend
import Testing
import ToolConfig

@Suite struct ManifestGeneratorTests {
    let generator = ManifestGenerator()

    func objects(_ config: ToolConfiguration, tool: String = "toolhunt", deployID: String = "20261202-090000-abcdefghij") -> [KubernetesObject] {
        generator.objects(for: ManifestInput(tool: tool, config: config, deployID: deployID))
    }

    func find(_ objects: [KubernetesObject], _ kind: String, _ name: String) throws -> ManifestValue {
        try #require(objects.first { $0.kind == kind && $0.name == name }?.body, "no \(kind) \(name)")
    }

    func container(_ body: ManifestValue, template: [String] = ["spec", "template"]) throws -> ManifestValue {
        var value = body
        for key in template { value = try #require(value[key]) }
        guard case .array(let containers)? = value["spec"]?["containers"], containers.count == 1 else {
            Issue.record("expected one container")
            return .object([:])
        }
        return containers[0]
    }

    @Test func toolhuntGivesTheToolObjectsThenEachComponentsInApplyOrder() throws {
        let list = objects(try ManifestFixtures.toolhunt)
        #expect(list.map { "\($0.kind)/\($0.name)" } == [
            "Namespace/tool-toolhunt", "ServiceAccount/tool", "LimitRange/defaults", "ResourceQuota/quota",
            "NetworkPolicy/same-tool-and-ingress",
            "Deployment/toolhunt-api", "Service/toolhunt-api", "Ingress/toolhunt-api",
            "CronJob/toolhunt-cleanup",
            "Deployment/toolhunt-flower", "Service/toolhunt-flower", "Ingress/toolhunt-flower",
            list.first { $0.kind == "Job" }.map { "Job/\($0.name)" } ?? "no job",
        ])
        #expect(list.allSatisfy { $0.kind == "Namespace" ? $0.namespace == nil : $0.namespace == "tool-toolhunt" })
        let job = try #require(list.first { $0.kind == "Job" })
        #expect(job.name.hasPrefix("toolhunt-migratedb-") && job.name.count <= 63)
    }

    @Test func everyObjectCarriesTheToolDeployAndConfigVersionLabelsAndComponentObjectsTheirComponentAndImage() throws {
        let list = objects(try ManifestFixtures.everyField, tool: "every")
        for object in list {
            #expect(object.labels[ObjectLabels.tool] == "every", "\(object.reference)")
            #expect(object.labels[ObjectLabels.deployID] == "20261202-090000-abcdefghij", "\(object.reference)")
            #expect(object.labels[ObjectLabels.configVersion] == "v0.1", "\(object.reference)")
            #expect(object.labels[ObjectLabels.managedBy] == "components", "\(object.reference)")
            if let component = object.component {
                #expect(object.labels[ObjectLabels.component] == component, "\(object.reference)")
                let image = try #require(object.labels[ObjectLabels.image])
                #expect(image.count <= 63 && !image.contains("/") && !image.contains(":"), "\(image)")
            }
        }
        let worker = try find(list, "Deployment", "worker")
        #expect(worker["metadata"]?["annotations"]?[ObjectLabels.image] == .string("registry.example/toolforge/tool-every/web:v1.2.0"))
        #expect(worker["metadata"]?["labels"]?[ObjectLabels.image] == .string("registry.example_toolforge_tool-every_web_v1.2.0"))
    }

    @Test func aContinuousComponentBecomesADeploymentThatKeepsServingDuringARollout() throws {
        let list = objects(try ManifestFixtures.everyField, tool: "every")
        let web = try find(list, "Deployment", "web")
        #expect(web["spec"]?["replicas"] == 3)
        #expect(web["spec"]?["strategy"]?["rollingUpdate"]?["maxUnavailable"] == 0)
        #expect(web["spec"]?["selector"]?["matchLabels"] == [ObjectLabels.tool: "every", ObjectLabels.component: "web"])
        let main = try container(web)
        #expect(main["command"] == ["launcher", "web --workers 4"])
        #expect(main["ports"] == [["name": "main", "containerPort": 8080, "protocol": "TCP"]])
        #expect(main["resources"] == ["requests": ["cpu": "500m", "memory": "1Gi"], "limits": ["cpu": "500m", "memory": "1Gi"]])
        #expect(main["readinessProbe"]?["httpGet"] == ["path": "/healthz", "port": "main"])
        #expect(main["livenessProbe"]?["httpGet"] == ["path": "/healthz", "port": "main"])
        #expect(main["env"] == [
            ["name": "EMPTY", "value": ""],
            ["name": "LOG_LEVEL", "value": "debug"],
            ["name": "PORT", "value": "8080"],
            ["name": "QUOTED", "value": "yes"],
        ])
        // The URL of each continuous component it waits for.
        let nightly = try container(try find(list, "CronJob", "nightly"), template: ["spec", "jobTemplate", "spec", "template"])
        #expect(nightly["env"] == [["name": "WEB_URL", "value": "http://web.tool-every.svc.cluster.local:8080"]])
        let worker = try container(try find(list, "Deployment", "worker"))
        #expect(worker["readinessProbe"]?["exec"] == ["command": ["/bin/sh", "-c", "test -f /tmp/ready"]])
        #expect(worker["ports"] == nil)
        let cache = try container(try find(list, "Deployment", "cache"))
        #expect(cache["livenessProbe"]?["tcpSocket"] == ["port": "main"])
        #expect(cache["command"] == nil)
        #expect(cache["image"] == "registry.example/toolforge/redis7")
        let metrics = try container(try find(list, "Deployment", "metrics"))
        #expect(metrics["command"] == ["/bin/sh", "-c", "python3 -m metrics"])
    }

    @Test func aServiceForEachPortAndAnIngressOnlyForPublishedTCPOnes() throws {
        let list = objects(try ManifestFixtures.everyField, tool: "every")
        #expect(try find(list, "Service", "metrics")["spec"]?["ports"] == [["name": "main", "port": 9125, "targetPort": "main", "protocol": "UDP"]])
        #expect(!list.contains { $0.kind == "Service" && $0.name == "worker" })
        #expect(list.filter { $0.kind == "Ingress" }.map(\.name) == ["web"])
        let rule = try find(list, "Ingress", "web")["spec"]
        #expect(rule?["ingressClassName"] == "nginx")
        #expect(rule?["rules"] == [[
            "host": "every.toolforge.example",
            "http": ["paths": [["path": "/app", "pathType": "Prefix",
                                "backend": ["service": ["name": "web", "port": ["number": 8080]]]]]],
        ]])
    }

    @Test func oneOffAndScheduledComponentsBecomeAJobAndACronJob() throws {
        let list = objects(try ManifestFixtures.everyField, tool: "every")
        let job = try #require(list.first { $0.kind == "Job" })
        #expect(job.component == "migrate")
        #expect(job.body["spec"]?["backoffLimit"] == 2)
        #expect(job.body["spec"]?["activeDeadlineSeconds"] == 600)
        #expect(job.body["spec"]?["ttlSecondsAfterFinished"] == 86_400)
        #expect(job.body["spec"]?["template"]?["spec"]?["restartPolicy"] == "Never")
        let cron = try find(list, "CronJob", "nightly")["spec"]
        #expect(cron?["schedule"] == "30 2 * * mon-fri")
        #expect(cron?["concurrencyPolicy"] == "Forbid")
        #expect(cron?["jobTemplate"]?["spec"]?["backoffLimit"] == 5)
        #expect(cron?["jobTemplate"]?["spec"]?["activeDeadlineSeconds"] == 5_400)
    }

    @Test func theGeneratorsListOfKindsIsEveryKindItMakesWithItsScope() throws {
        let list = objects(try ManifestFixtures.everyField, tool: "every")
        #expect(Set(list.map(\.objectKind)) == Set(ManifestGenerator.kinds.map(\.kind)))
        for object in list {
            #expect(ManifestGenerator.kinds.first { $0.kind == object.objectKind }?.namespaced == (object.namespace != nil))
        }
    }

    @Test func theJobIsNamedPerRunAndKeepsItsNameWhenNothingChanged() throws {
        let config = try ManifestFixtures.everyField
        let first = try #require(objects(config, tool: "every").first { $0.kind == "Job" })
        let again = try #require(objects(config, tool: "every", deployID: "20261203-000000-zzzzzzzzzz").first { $0.kind == "Job" })
        #expect(first.name == again.name)
        var changed = config
        changed.components["migrate"]?.run.command = "migrate --again"
        #expect(objects(changed, tool: "every").first { $0.kind == "Job" }?.name != first.name)
        let forced = generator.objects(for: ManifestInput(tool: "every", config: config, deployID: "x", runIDs: ["migrate": "run-7"]))
        #expect(forced.first { $0.kind == "Job" }?.name == "migrate-run-7")
    }

    @Test func theToolIsFencedInByItsNamespaceObjects() throws {
        let list = objects(try ManifestFixtures.toolhunt)
        #expect(try find(list, "ServiceAccount", "tool")["automountServiceAccountToken"] == false)
        let policy = try find(list, "NetworkPolicy", "same-tool-and-ingress")["spec"]
        #expect(policy?["ingress"] == [["from": [["podSelector": [:]],
                                                 ["namespaceSelector": ["matchLabels": ["kubernetes.io/metadata.name": "ingress-nginx"]]]]]])
        #expect(try find(list, "ResourceQuota", "quota")["spec"]?["hard"]?["requests.cpu"] == "4")
        let deployment = try find(list, "Deployment", "toolhunt-api")
        #expect(deployment["spec"]?["template"]?["spec"]?["serviceAccountName"] == "tool")
        #expect(deployment["spec"]?["template"]?["spec"]?["automountServiceAccountToken"] == false)
    }

    @Test func operatorSettingsNameTheNamespaceHostAndIngressClass() throws {
        var settings = KubernetesSettings()
        settings.namespacePrefix = "tf-"
        settings.baseDomain = "toolforge.org"
        settings.ingressClass = "toolforge"
        let list = ManifestGenerator(settings: settings).objects(for: ManifestInput(tool: "toolhunt", config: try ManifestFixtures.toolhunt, deployID: "d"))
        #expect(list.first?.name == "tf-toolhunt")
        let ingress = try find(list, "Ingress", "toolhunt-flower")["spec"]
        #expect(ingress?["ingressClassName"] == "toolforge")
        let host = ingress?["rules"].flatMap { if case .array(let rules) = $0 { rules.first?["host"] } else { nil } }
        #expect(host == "toolhunt.toolforge.org")
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        for seed in UInt64(0)..<50 {
            let input = ManifestInput(tool: RandomToolConfigs.tool(seed: seed), config: RandomToolConfigs.make(seed: seed), deployID: "d")
            #expect(generator.objects(for: input).map(\.yaml) == generator.objects(for: input).map(\.yaml))
        }
    }

    @Test func fieldsKubernetesDoesNotCarryOutAreNamed() throws {
        let messages = generator.unsupportedFields(in: try ManifestFixtures.everyField)
        #expect(messages == [
            "components.web.run.mount: shared storage is not mounted on Kubernetes",
            "components.web.run.filelog: output goes to the pod log, not to files",
            "components.web.run.emails: no mail is sent on Kubernetes",
        ])
    }
}
