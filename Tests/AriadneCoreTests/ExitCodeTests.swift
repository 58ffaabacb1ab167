import Foundation
import Testing
@testable import AriadneCore

/// Exit statuses and messages, as a script meets them: real processes, files, devices and pipes.
@Suite struct ExitCodeTests {
    static let kvstore = ["--patterns", "Samples/kvstore/kvstore.yaml"]
    static let hdfs = TestPaths.data + "/hdfs_20k/HDFS_20000.log"

    /// A gzip'd copy of a kvstore log with 64 bytes overwritten near its end.
    static func damagedArchive() throws -> String {
        let path = TestPaths.scratch() + "/coord-1.log"
        try FileManager.default.copyItem(atPath: TestPaths.root + "/Samples/kvstore/logs/coord-1.log", toPath: path)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = [path]
        try gzip.run()
        gzip.waitUntilExit()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
        for i in (bytes.count - 200)..<(bytes.count - 136) { bytes[i] = 0xA5 }
        try Data(bytes).write(to: URL(fileURLWithPath: path + ".gz"))
        return path + ".gz"
    }

    /// The commands that read logs, each with the arguments it needs on the kvstore sample.
    static let readers: [[String]] = [
        ["parse"], ["infer", "--format", "json"],
        ["model", "--outcome", "kv.replica_acked"], ["hypotheses", "--outcome", "kv.replica_acked"],
    ]

    /// An empty input is said to be one: `infer` warns that its model is empty (exit 0: a stream may
    /// simply have sent nothing), `hypotheses` and `analyze` stop with 65 saying to check the paths,
    /// not only to name an outcome.
    @Test func anEmptyInputIsSaidToBeEmpty() throws {
        let empty = TestPaths.file("", name: "empty.log")
        let infer = try CLI.run(["infer", empty])
        #expect(infer.status == 0)
        #expect(infer.stderr.contains("WARNING: the model is empty: the inputs held no lines; check the paths"), "\(infer.stderr)")
        for command in [["hypotheses", empty], ["analyze", "--state", TestPaths.scratch() + "/state", empty]] {
            let result = try CLI.run(command)
            #expect(result.status == 65, "\(command[0])")
            #expect(result.stderr.contains("no execution to analyse: the input held none") && result.stderr.contains("check the paths"),
                    "\(command[0]): \(result.stderr)")
        }
    }

    @Test func aWalkWhoseEveryFileIsSkippedExits66() throws {
        let directory = TestPaths.scratch()
        var binary = Array("2026-01-01 00:00:00 INFO a line\n".utf8)
        binary.insert(0, at: 5)
        _ = FileManager.default.createFile(atPath: directory + "/image.dat", contents: Data(binary))
        for command in ["parse", "infer", "hypotheses"] {
            let run = try CLI.run([command, "-q", directory])
            #expect(run.status == 66, "\(command): \(run.stderr)")
            #expect(run.stderr.contains("skipped \(directory)/image.dat: binary file"), "\(command)")
            #expect(run.stderr.contains("no files to read"), "\(command): \(run.stderr)")
        }
        // Named explicitly, the same file is parsed.
        let named = try CLI.run(["parse", "-q", directory + "/image.dat"])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(!named.stdout.isEmpty)
    }

    @Test func outputsThatCannotBeWrittenExit74NamingThePath() throws {
        let model = TestPaths.scratch() + "/model.json"
        let made = try CLI.run(["infer", "-q", "--format", "json", "-o", model] + Self.kvstore + ["Samples/kvstore/logs"])
        #expect(made.status == 0, "\(made.stderr)")
        let commands: [[String]] = Self.readers.map { $0 + ["-q"] + Self.kvstore + ["Samples/kvstore/logs"] } + [["merge", model]]
        for command in commands {
            let result = try CLI.run(command + ["-o", "/nonexistent/dir/out.jsonl"])
            #expect(result.status == 74, "\(command)")
            #expect(result.stderr == "ariadne: cannot write /nonexistent/dir/out.jsonl: No such file or directory\n", "\(command)")
            #expect(result.stdout.isEmpty)
        }
        let stats = try CLI.run(["parse", "-q", "--stats-json", "/nonexistent/s.json", Self.hdfs])
        #expect(stats.status == 74)
        #expect(stats.stderr == "ariadne: cannot write /nonexistent/s.json: No such file or directory\n")
        #expect(stats.stdout.isEmpty, "the path is checked before the run")
        let directory = try CLI.run(["parse", "-q", "-o", TestPaths.scratch(), Self.hdfs])
        #expect(directory.status == 74)
        #expect(directory.stderr.contains("Is a directory"))
    }

    @Test func aFullDeviceExits74WithTheSystemsReason() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        for command in [["parse", "-q", Self.hdfs], ["infer", "-q", "--format", "json", Self.hdfs], ["patterns"]] {
            let result = try CLI.run(command, standardOutput: full)
            #expect(result.status == 74, "\(command)")
            #expect(result.stderr == "ariadne: write error: No space left on device\n", "\(command)")
        }
        let named = try CLI.run(["parse", "-q", "-o", "/dev/full", Self.hdfs])
        #expect(named.status == 74)
        #expect(named.stderr.hasPrefix("ariadne: write error: No space left on device"))
        #expect(named.stderr.contains("/dev/full"))
    }

    @Test func aReaderThatStopsEarlyEndsTheRunQuietlyWithZero() throws {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", "set -o pipefail; '\(CLI.executable)' parse \"$1\" | head -1", "bash", Self.hdfs]
        let output = Pipe(), errors = Pipe()
        shell.standardOutput = output
        shell.standardError = errors
        try shell.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0, "pipefail sees ariadne's own status: \(stderr)")
        #expect(text.split(separator: "\n").count == 1)
        #expect(!stderr.contains("write error"))

        // The same with a pipe this test closes itself after the first line.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.executable)
        process.arguments = ["parse", "-q", Self.hdfs]
        let pipe = Pipe(), quiet = Pipe()
        process.standardOutput = pipe
        process.standardError = quiet
        try process.run()
        var received = Data()
        while !received.contains(10) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        try pipe.fileHandleForReading.close()
        let said = quiet.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(received.contains(10))
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(said.isEmpty)
    }

    @Test func mergeNamesModelsItCannotUseAndRefusesOneTwice() throws {
        let missing = try CLI.run(["merge", "/nonexistent.json"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "ariadne: /nonexistent.json: No such file or directory\n")

        let empty = try CLI.run(["merge", "/dev/null"])
        #expect(empty.status == 65)
        #expect(empty.stderr.hasPrefix("ariadne: /dev/null: empty file, not an Ariadne model"))

        let readme = try CLI.run(["merge", "README.md"])
        #expect(readme.status == 65)
        #expect(readme.stderr.hasPrefix("ariadne: README.md: not an Ariadne model JSON: not valid JSON"))
        #expect(!readme.stderr.contains("DecodingError"))
        #expect(readme.stderr.split(separator: "\n").count == 1)

        let other = TestPaths.file(#"{"executions": 3}"#, name: "other.json")
        let wrong = try CLI.run(["merge", other])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("not an Ariadne model JSON: missing key 'ariadne_model'"))

        let directory = TestPaths.scratch()
        let model = directory + "/a.json"
        let made = try CLI.run(["infer", "-q", "--format", "json", "-o", model] + Self.kvstore + ["Samples/kvstore/logs"])
        #expect(made.status == 0)
        try FileManager.default.linkItem(atPath: model, toPath: directory + "/b.json")
        for pair in [[model, model], [model, directory + "/./a.json"], [model, directory + "/b.json"]] {
            let twice = try CLI.run(["merge"] + pair)
            #expect(twice.status == 64, "\(pair)")
            #expect(twice.stderr.hasPrefix("ariadne: \(pair[1]) is named twice"), "\(pair)")
            #expect(twice.stderr.contains("Usage: ariadne merge"))
            #expect(twice.stdout.isEmpty)
        }

        // One bad model among good ones: reported, the rest merged and written, and the status says so.
        let partial = try CLI.run(["merge", model, "/dev/null"])
        #expect(partial.status == 65)
        let original = try CausalModel.read(json: Data(contentsOf: URL(fileURLWithPath: model)))
        #expect(try CausalModel.read(json: partial.stdout) == original)
    }

    @Test func everyCommandReadsWhatItCanReportsTheRestAndExitsByOneRule() throws {
        let damaged = try Self.damagedArchive()
        for command in Self.readers {
            let base = command + ["-q"] + Self.kvstore
            let corrupt = try CLI.run(base + ["Samples/kvstore/logs", damaged])
            #expect(corrupt.status == 65, "\(command)")
            #expect(corrupt.stderr.contains("ariadne: \(damaged):"), "\(command)")
            #expect(!corrupt.stdout.isEmpty, "\(command) still writes its result")

            let missing = try CLI.run(base + ["no/such.log", "Samples/kvstore/logs", damaged])
            #expect(missing.status == 66, "\(command): an input that cannot be opened outranks a damaged one")
            #expect(missing.stderr.contains("ariadne: no/such.log:"), "\(command)")
            #expect(missing.stderr.contains("ariadne: \(damaged):"), "\(command): every failure is reported")
            #expect(!missing.stdout.isEmpty, "\(command) still writes its result")
        }
    }

    @Test func anInputWithoutReadPermissionExits66() throws {
        // As root, permissions do not stop reads: drop the capabilities that bypass them.
        let wrapper = getuid() == 0
            ? ["/usr/bin/setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]
            : []
        let directory = TestPaths.scratch()
        try FileManager.default.copyItem(atPath: TestPaths.root + "/Samples/kvstore/logs", toPath: directory + "/logs")
        let locked = directory + "/logs/replica-1.log"
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked)
        for command in Self.readers {
            let result = try CLI.run(command + ["-q"] + Self.kvstore + [directory + "/logs"], wrapper: wrapper)
            #expect(result.status == 66, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("ariadne: \(locked): "), "\(command)")
            #expect(result.stderr.contains("Permission denied"), "\(command)")
            #expect(!result.stdout.isEmpty, "\(command): the other files are still read")
        }
    }

    @Test func numericOptionsSayTheirBoundsAndDurationsNeedAUnit() throws {
        let cases: [([String], String)] = [
            (["parse", "--threads", "-3"], "--threads must be between 1 and 64 (got -3)"),
            (["parse", "--threads", "100000"], "--threads must be between 1 and 64"),
            (["parse", "--threads", "0"], "--threads must be between 1 and 64"),
            (["hypotheses", "--budget", "-1"], "--budget must be between 1 and 8 (got -1)"),
            (["hypotheses", "--budget", "9"], "--budget must be between 1 and 8"),
            (["hypotheses", "--limit", "0"], "--limit must be 1 or more"),
            (["infer", "--tolerance", "-0.1"], "--tolerance must be between 0 and 1 (got -0.1)"),
            (["infer", "--tolerance", "nan"], "--tolerance must be between 0 and 1"),
            (["infer", "--every", "-1"], "--every must be 0 or more"),
            (["infer", "--skew", "5"], "no unit; write a number and a unit"),
            (["infer", "--idle", "10"], "no unit; write a number and a unit"),
            (["infer", "--skew", "1e300s"], "too large"),
            (["infer", "--skew", "inf"], "no unit"),
            (["infer", "--skew", "5 parsecs"], "not a duration"),
            (["infer", "--skew", "-5ms"], "negative"),
            (["patterns", "test", "--limit", "-2", "x.log"], "--limit must be 1 or more"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.run(arguments + ["-"], stdin: Data())
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.hasPrefix("ariadne: "), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Missing value"), "\(arguments)")
            let command = arguments.prefix { !$0.hasPrefix("-") }.joined(separator: " ")
            #expect(result.stderr.contains("Usage: ariadne \(command)"), "\(arguments): the command's own usage")
        }
        let fine = try CLI.run(["infer", "-q", "--skew", "5ms", "--idle", "2m", "--tolerance", "0", "--threads", "64", "-"],
                               stdin: Data(CommandLineTests.hdfsLine.utf8))
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test func messagesHaveOnePrefixAndTheRightUsage() throws {
        let none = try CLI.run([])
        #expect(none.status == 64)
        #expect(none.stderr.contains("USAGE: ariadne <subcommand>"))
        #expect(none.stdout.isEmpty)

        let typo = try CLI.run(["hypothesis", "logs/"])
        #expect(typo.status == 64)
        #expect(typo.stderr == "ariadne: unknown command 'hypothesis'; did you mean 'hypotheses'? (see 'ariadne --help')\n")
        let nested = try CLI.run(["patterns", "shwo", "hdfs"])
        #expect(nested.status == 64)
        #expect(nested.stderr.contains("did you mean 'show'?"))
        let unknown = try CLI.run(["frobnicate"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("commands: analyze, parse, infer, merge, model, hypotheses, plan, record, status, patterns"))

        let option = try CLI.run(["infer", "--formt", "json", "-"], stdin: Data())
        #expect(option.status == 64)
        #expect(option.stderr.hasPrefix("ariadne: Unknown option '--formt'"))
        #expect(option.stderr.contains("Usage: ariadne infer"))

        // A runtime failure names the problem, with no usage block; a usage error found at run time
        // (an unknown pattern name) shows its command's usage, not the root's.
        let missing = try CLI.run(["infer", "-q", "no/such.log"])
        #expect(missing.status == 66)
        #expect(!missing.stderr.contains("Usage:"))
        let pattern = try CLI.run(["parse", "-p", "nosuch", "-"], stdin: Data())
        #expect(pattern.status == 64)
        #expect(pattern.stderr.hasPrefix("ariadne: no pattern named 'nosuch'"))
        #expect(pattern.stderr.contains("Usage: ariadne parse"))

        for result in [none, typo, option, missing, pattern] {
            for line in result.stderr.split(separator: "\n") {
                #expect(!line.hasPrefix("Error:"), "one prefix: \(line)")
            }
        }
    }
}
