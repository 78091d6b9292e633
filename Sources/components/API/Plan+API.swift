import ComponentsAPI
import PlannerService

extension Plan {
    /// The plan of a deployment the API answered, in the planner's types, so the CLI
    /// renders it as `components plan` does offline. A word this CLI does not know is a
    /// ``CLIError``.
    init(_ json: PlanJSON) throws {
        var steps: [PlanStep] = []
        for step in json.steps {
            steps.append(PlanStep(
                id: step.id, component: step.component, kind: try Self.word(step.kind), reason: step.reason, needs: step.needs,
                condition: try step.condition.map { try Self.word($0) }, skippedKind: try step.skippedKind.map { try Self.word($0) }))
        }
        self.init(steps: steps, levels: json.levels, criticalPathLength: json.criticalPathLength)
    }

    private static func word<Word: RawRepresentable<String>>(_ text: String) throws -> Word {
        guard let word = Word(rawValue: text) else {
            throw CLIError.failure("the components API answered a plan with \"\(text)\", which this CLI does not know; update the CLI")
        }
        return word
    }
}
