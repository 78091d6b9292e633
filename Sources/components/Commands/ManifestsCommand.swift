import ArgumentParser
import Foundation
import KubernetesBackend
import ToolConfig

/// `components manifests FILE [--tool NAME] [--out DIR]`: the Kubernetes objects the
/// kubernetes backend would apply for a config, written offline.
struct ManifestsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifests",
        abstract: "Write the Kubernetes manifests the kubernetes backend would apply for a tool config.",
        discussion: """
            Works offline, with the same code the backend applies with: review the objects, diff \
            them in CI or hand them to GitOps. Without --out the objects are printed as one \
            multi-document YAML stream; with --out DIR each object is written to its own file, \
            numbered in apply order (01-namespace-tool-NAME.yaml, ...). Keys are sorted, so the \
            same config always gives the same bytes.

            Per tool: a Namespace (PREFIX + NAME), a ServiceAccount without API rights, a \
            NetworkPolicy, a LimitRange and a ResourceQuota. Per component: continuous gives a \
            Deployment (plus a Service when it has a port, and an Ingress at \
            NAME.BASE-DOMAIN/PATH when published), one-off a Job, scheduled a CronJob.

            Images are not built offline: a component built from a repository is shown with the \
            tag the builder would push (REGISTRY/PREFIX+NAME/COMPONENT:REF); the backend uses \
            the pushed digest. Config fields Kubernetes does not carry out (mount, filelog, \
            emails) are reported as warnings on standard error.

            Exit status: 0 when the manifests are written, 1 when the config is invalid \
            (every error is printed as FILE:LINE:COLUMN: error: PATH: MESSAGE), 2 for a usage \
            error such as an unreadable FILE.
            """
    )

    @Argument(help: "The config file (YAML or JSON); - reads standard input.")
    var file: String

    @Option(help: "The tool's name, a DNS label; it names the namespace and the published host.")
    var tool = "tool"

    @Option(help: ArgumentHelp("Write one file per object into DIR (created when missing) instead of printing a stream.", valueName: "DIR"))
    var out: String?

    @Option(help: ArgumentHelp("The operator's settings as a JSON file, every field optional (namespacePrefix, baseDomain, ingressClass, ingressNamespaceLabel, clusterDomain, registry, builtImageEntrypoint, jobTTLSeconds, defaultCPU, defaultMemory, maxCPU, maxMemory, quota); the flags below override it.", valueName: "SETTINGS.json"))
    var settings: String?

    @Option(help: "Namespaces are PREFIX + tool name (default tool-).")
    var namespacePrefix: String?

    @Option(help: "Published components answer at TOOL.BASE-DOMAIN (default toolforge.example).")
    var baseDomain: String?

    @Option(help: "The ingress class of every Ingress (default nginx).")
    var ingressClass: String?

    @Option(help: "The deploy id labelled on every object.")
    var deployID = "offline"

    @Flag(help: "Accept file:// repositories, as `componentsd all` does.")
    var allowLocalRepositories = false

    func validate() throws {
        if let problem = DNSLabel.problem(with: tool, naming: "tool") {
            throw ValidationError("--tool: \(problem)")
        }
    }

    func run() async throws {
        let options = ValidationOptions(allowLocalRepositories: allowLocalRepositories)
        let name = file == "-" ? "<stdin>" : file
        let bytes: [UInt8]
        do {
            bytes = try ValidateCommand.read(file, limit: options.limits.maxDocumentBytes)
        } catch let failure as ValidateCommand.ReadFailure {
            Self.printError("error: \(failure.message)")
            throw ExitCode(2)
        }
        let result = ToolConfigParser.parse(bytes: bytes, options: options)
        for warning in result.warnings { Self.printError("\(name):\(warning.line):\(warning.column): warning: \(Self.subject(warning))") }
        guard let config = result.config, result.isValid else {
            for error in result.errors { Self.printError("\(name):\(error.line):\(error.column): error: \(Self.subject(error))") }
            Self.printError("\(name) is not a valid config; no manifests were written")
            throw ExitCode(1)
        }
        let generator = ManifestGenerator(settings: try loadSettings())
        for message in generator.unsupportedFields(in: config) { Self.printError("\(name): warning: \(message)") }
        let objects = generator.objects(for: ManifestInput(tool: tool, config: config, deployID: deployID))
        if let out {
            try write(objects, to: URL(fileURLWithPath: out))
        } else {
            print(YAMLEmitter.stream(objects.map(\.body)), terminator: "")
        }
    }

    private func loadSettings() throws -> KubernetesSettings {
        var loaded = KubernetesSettings()
        if let settings {
            guard let data = FileManager.default.contents(atPath: settings) else {
                Self.printError("error: \(settings): cannot be read; check the path")
                throw ExitCode(2)
            }
            do {
                loaded = try JSONDecoder().decode(KubernetesSettings.self, from: data)
            } catch {
                Self.printError("error: \(settings): not valid settings JSON: \(error)")
                throw ExitCode(2)
            }
        }
        if let namespacePrefix { loaded.namespacePrefix = namespacePrefix }
        if let baseDomain { loaded.baseDomain = baseDomain }
        if let ingressClass { loaded.ingressClass = ingressClass }
        return loaded
    }

    private func write(_ objects: [KubernetesObject], to folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (object, fileName) in zip(objects, ManifestGenerator.fileNames(of: objects)) {
                try Data(object.yaml.utf8).write(to: folder.appendingPathComponent(fileName))
            }
        } catch {
            Self.printError("error: \(folder.path): cannot write the manifests: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        print("\(objects.count) manifests written to \(folder.path)")
    }

    private static func subject(_ violation: ConfigViolation) -> String {
        violation.path.isEmpty ? violation.message : "\(violation.path): \(violation.message)"
    }

    private static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
