import Foundation
import Testing
@testable import AriadneCore

/// Conventions every command shares: `-o` and `--pretty`, tables that fit the terminal, help,
/// version, completions, `ariadne patterns`.
@Suite struct ConventionTests {
    static let kvstore = ["--patterns", "Samples/kvstore/kvstore.yaml", "Samples/kvstore/logs"]

    @Test func everyResultGoesToFileWithCompactJSONUnlessPretty() throws {
        let directory = TestPaths.scratch()
        let outcome = ["--outcome", "kv.replica_acked"]
        let commands: [(String, [String])] = [
            ("model.json", ["infer", "--format", "json"] + Self.kvstore),
            ("redundancy.json", ["model", "--format", "json"] + outcome + Self.kvstore),
            ("hypotheses.json", ["hypotheses", "--format", "json"] + outcome + Self.kvstore),
            ("plan.json", ["plan", "--format", "json"] + outcome + Self.kvstore),
            ("summary.json", ["analyze", "--format", "json", "--state", directory + "/state"] + outcome + Self.kvstore),
        ]
        for (name, command) in commands {
            for pretty in [false, true] {
                let path = directory + "/" + (pretty ? "pretty-" : "") + name
                let result = try CLI.run(command + ["-q", "-o", path] + (pretty ? ["--pretty"] : []))
                #expect(result.status == 0, "\(command): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(command): the result goes to the file")
                let text = try String(contentsOfFile: path, encoding: .utf8)
                #expect(text.hasSuffix("}\n"))
                #expect((text.split(separator: "\n").count == 1) == !pretty, "\(command) pretty: \(pretty)")
                #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
            }
        }
        let merged = try CLI.run(["merge", "-o", directory + "/merged.json", directory + "/model.json"])
        #expect(merged.status == 0)
        let compact = try String(contentsOfFile: directory + "/merged.json", encoding: .utf8)
        let single = try String(contentsOfFile: directory + "/model.json", encoding: .utf8)
        #expect(compact == single, "merging one model gives it back")
        let prettyModel = try CausalModel.read(json: Data(contentsOf: URL(fileURLWithPath: directory + "/pretty-model.json")))
        #expect(try prettyModel == CausalModel.read(json: Data(compact.utf8)))

        let events = try CLI.run(["parse", "-q", "-o", directory + "/events.jsonl"] + Self.kvstore)
        #expect(events.status == 0)
        #expect(events.stdout.isEmpty)
        let lines = try String(contentsOfFile: directory + "/events.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1720)
    }

    @Test func tablesFitTheTerminalAndPipesGetFullRows() throws {
        let arguments = ["hypotheses", "-q", "--outcome", "kv.replica_acked", "--limit", "5"] + Self.kvstore
        let terminal = try CLI.runInTerminal(arguments, columns: 60)
        #expect(terminal.status == 0)
        let lines = terminal.output.split(separator: "\n")
        #expect(lines.count > 10)
        for line in lines { #expect(line.count <= 60, "\(line)") }
        #expect(terminal.output.contains("…"))

        let piped = try CLI.run(arguments)
        #expect(piped.status == 0)
        #expect(piped.text.split(separator: "\n").contains { $0.count > 60 }, "a pipe gets full rows")
        #expect(!piped.text.contains("…"))
    }

    @Test func hashedTypeNamesAreShownWithTheirTemplates() throws {
        // The demo pattern without its event rules: every message gets a hashed type.
        let original = try String(contentsOfFile: TestPaths.root + "/Samples/kvstore/kvstore.yaml", encoding: .utf8)
        let bare = String(original[..<original.range(of: "events:")!.lowerBound]).replacingOccurrences(of: "name: kvstore", with: "name: bare")
        let pattern = TestPaths.file(bare, name: "bare.yaml")
        let result = try CLI.run(["infer", "-q", "--patterns", pattern, "-p", "bare", "Samples/kvstore/logs"])
        #expect(result.status == 0, "\(result.stderr)")
        let hashed = try Regex(#"T[0-9a-f]{16}"#)
        let names = Set(result.text.matches(of: hashed).map { String(result.text[$0.range]) })
        #expect(!names.isEmpty)
        let legend = try #require(result.text.range(of: "hashed types:\n")).upperBound
        for name in names {
            #expect(result.text[legend...].contains("  \(name)  "), "\(name) has its template")
        }
        #expect(result.text[legend...].contains("received put"))
    }

    @Test func versionHelpAndCompletionsSayWhatTheyTake() throws {
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        let line = version.text.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix("ariadne \(Ariadne.version)"))
        if FileManager.default.fileExists(atPath: TestPaths.root + "/.git") {
            let pattern = try Regex(#"ariadne [0-9.]+ \(git [0-9a-f]{12}(-dirty)?\)"#)
            #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
        }

        let root = try CLI.run(["--help"])
        #expect(root.text.contains("ARIADNE_PATTERNS"))
        #expect(root.text.contains("Exit status"))
        for command in ["analyze", "parse", "infer", "merge", "model", "hypotheses", "plan", "patterns"] {
            let help = try CLI.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.text.contains("Examples:"), "\(command)")
            if command != "patterns" { #expect(help.text.contains("<FILE"), "\(command)") }
        }
        let infer = try CLI.run(["infer", "--help"]).text
        for metavar in ["--skew <DURATION>", "--threads <N>", "--pattern <NAME|FILE>", "--output <FILE>", "--patterns <DIR|FILE>"] {
            #expect(infer.contains(metavar), "\(metavar)")
        }

        let bash = try CLI.run(["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        #expect(bash.text.contains("---completion parse -- --pattern"), "pattern names are completed by asking ariadne")
        #expect(bash.text.contains("'--output'|'-o')\n        __ariadne_add_completions -f"), "-o completes file paths")
        // As the bash script asks: the word index, the cursor in the word, then the words typed.
        let names = try CLI.run(["---completion", "parse", "--", "--pattern", "3", "0", "ariadne", "parse", "--pattern", ""])
        #expect(names.text.split(separator: "\n").contains("trainticket-spans"))
    }

    @Test func patternsListsFullNamesThatParseAcceptsAndShowsOne() throws {
        let list = try CLI.run(["patterns"])
        #expect(list.status == 0)
        let names = list.text.split(separator: "\n").prefix { !$0.isEmpty }.map { String($0.split(separator: " ")[0]) }
        #expect(names.contains("trainticket-spans"))
        #expect(names.contains("generic"))
        let shipped = try FileManager.default.contentsOfDirectory(atPath: TestPaths.patterns).filter { $0.hasSuffix(".yaml") }
        for file in shipped {
            let name = String(file.dropLast(5))
            #expect(names.contains(name), "\(name) is listed in full")
            let shown = try CLI.run(["patterns", "show", name])
            #expect(shown.status == 0)
            #expect(shown.stdout == (try Data(contentsOf: URL(fileURLWithPath: TestPaths.patterns + "/" + file))))
        }
        let parsed = try CLI.run(["parse", "-q", "-p", "trainticket-spans", "-"], stdin: Data())
        #expect(parsed.status == 0, "the listed name is the name -p takes: \(parsed.stderr)")

        let unknown = try CLI.run(["patterns", "show", "hdfz"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("ariadne: no pattern file named 'hdfz'; did you mean 'hdfs'?"))
    }

    @Test func generateManualPluginIsAvailable() throws {
        // Generating the page builds the package again (slow); scripts/check-manual.sh does that.
        // Here: the plugin the script runs is the one the package depends on.
        let resolved = try String(contentsOfFile: TestPaths.root + "/Package.resolved", encoding: .utf8)
        #expect(resolved.contains("swift-argument-parser"))
        let script = try String(contentsOfFile: TestPaths.root + "/scripts/check-manual.sh", encoding: .utf8)
        #expect(script.contains("plugin generate-manual"))
    }
}
