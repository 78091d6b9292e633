import ArgumentParser
import Foundation

/// `--yes-im-sure`, upstream's spelling, for commands that destroy something. Without it the
/// command asks on a terminal and refuses when there is none to ask on, so a script never
/// deletes by accident.
struct Confirmation: ParsableArguments {
    @Flag(name: .customLong("yes-im-sure"), help: "Do it without asking.") var yesImSure = false

    /// Returns when the person agreed (or passed --yes-im-sure); throws otherwise.
    func confirm(_ question: String) throws {
        if yesImSure { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIError.failure("\(question) Not asking without a terminal: pass --yes-im-sure to do it.")
        }
        FileHandle.standardError.write(Data("\(question) [y/N]: ".utf8))
        let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else { throw CLIError.failure("aborted; nothing was changed") }
    }
}
