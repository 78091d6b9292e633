import Foundation
import Protocol
import ToolConfig

/// A problem in the image registry file, with where it is.
public struct ImageRegistryError: Error, Sendable, CustomStringConvertible {
    /// `FILE:LINE:COLUMN: message` lines, one per problem.
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

extension ImageRegistry {
    /// Loads the registry file given by `--images`.
    public static func load(path: String) throws -> ImageRegistry {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ImageRegistryError(problems: ["\(path): cannot read the image registry file: \(error.localizedDescription)"])
        }
        return try parse(text, file: path)
    }

    /// Parses registry YAML; every problem is reported with its line and column.
    public static func parse(_ text: String, file: String = "images.yaml") throws -> ImageRegistry {
        let document: YAMLDocument
        do {
            document = try YAMLParser.parse(text)
        } catch {
            throw ImageRegistryError(problems: ["\(file):\(error.mark.line):\(error.mark.column): \(error.message)"])
        }
        var problems = document.issues.map { "\(file):\($0.mark.line):\($0.mark.column): \($0.message)" }
        func problem(_ node: YAMLNode, _ message: String) {
            problems.append("\(file):\(node.mark.line):\(node.mark.column): \(message)")
        }
        guard let entries = document.root.mappingEntries else {
            throw ImageRegistryError(problems: ["\(file):1:1: the image registry must be a mapping of image names"])
        }
        var images: [Wire.Image] = []
        var seenNames = Set<String>()
        for entry in entries {
            guard let name = entry.key.scalar?.value, !name.isEmpty else {
                problem(entry.key, "an image name must be a plain string")
                continue
            }
            guard let fields = entry.value.mappingEntries else {
                problem(entry.value, "image \"\(name)\" must be a mapping with state, aliases and variants")
                continue
            }
            var image = Wire.Image(name: name, state: .stable)
            for field in fields {
                let key = field.key.scalar?.value ?? ""
                switch key {
                case "state":
                    switch field.value.scalar?.value {
                    case "stable": image.state = .stable
                    case "deprecated": image.state = .deprecated
                    case "default": image.state = .default
                    default: problem(field.value, "state of image \"\(name)\" must be stable, deprecated or default")
                    }
                case "aliases":
                    guard let items = field.value.sequenceItems else {
                        problem(field.value, "aliases of image \"\(name)\" must be a list of names")
                        continue
                    }
                    image.aliases = items.compactMap { $0.scalar?.value }
                case "variants":
                    guard let variants = field.value.mappingEntries else {
                        problem(field.value, "variants of image \"\(name)\" must map a consumer (local, kubernetes) to {image: REFERENCE}")
                        continue
                    }
                    for variant in variants {
                        let consumer = variant.key.scalar?.value ?? ""
                        let reference = variant.value.mappingEntries?.first { $0.key.scalar?.value == "image" }?.value.scalar?.value
                        guard !consumer.isEmpty, let reference, !reference.isEmpty else {
                            problem(variant.value, "variant \"\(consumer)\" of image \"\(name)\" needs image: REFERENCE")
                            continue
                        }
                        image.variants.append(Wire.ImageVariant(consumer: consumer, reference: reference))
                    }
                default:
                    problem(field.key, "unknown field \"\(key)\" of image \"\(name)\"; use state, aliases or variants")
                }
            }
            for alias in [name] + image.aliases {
                if !seenNames.insert(alias).inserted {
                    problem(entry.key, "the name or alias \"\(alias)\" is used by two images; each must be unique")
                }
            }
            images.append(image)
        }
        let defaults = images.filter { $0.state == .default }.map(\.name)
        if defaults.count > 1 {
            problems.append("\(file): several images are marked default (\(defaults.joined(separator: ", "))); mark one")
        }
        guard problems.isEmpty else { throw ImageRegistryError(problems: problems) }
        return ImageRegistry(images: images)
    }
}
