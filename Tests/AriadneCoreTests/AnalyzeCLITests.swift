import Foundation
import Testing
@testable import AriadneCore

/// `ariadne analyze` end to end through the built binary: the bundled sample, a layout no shipped
/// pattern covers, the summary's JSON schema, every exit status, stdin, determinism, progress and colour.
@Suite struct AnalyzeCLITests {
    static let sample = ["--patterns", "Samples/kvstore/kvstore.yaml", "Samples/kvstore/logs"]

    /// Per-host logs of a small shop in a layout of this test's own (`14.03.2026 09:26:53.121 | INFO |
    /// ord-k3x9q2 | received POST /orders`): a gateway calls an order service, which writes to two
    /// database replicas. With `failing`, every request ends in an error instead.
    static func shop(requests: Int = 50, failing: Bool = false, seed: UInt64 = 5) -> String {
        var random = SplitMix64(seed: seed)
        let letters = Array("abcdefghjkmnpqrstuvwxyz"), digits = Array("23456789")
        var files: [String: [(Int, String)]] = [:]
        for request in 0..<requests {
            // Ids mix letters and digits, as generated ids do.
            let id = "ord-" + String((0..<6).map { i in i % 2 == 0 ? letters[Int(random.next() % 23)] : digits[Int(random.next() % 8)] })
            let start = request * 900 + Int(random.next() % 400)
            let gateway = "gw-\(1 + request % 2)", order = "order-\(1 + Int(random.next() % 2))"
            var steps: [(Int, String, String, String)] = [
                (0, gateway, "INFO", "received POST /orders"),
                (120, order, "INFO", "creating order for user \(100 + random.next() % 900)"),
            ]
            if failing {
                steps.append((300, order, "ERROR", "lost connection to the payment gateway, giving up"))
            } else {
                steps += [(240, "db-1", "INFO", "stored \(1 + random.next() % 9) rows"), (270, "db-2", "INFO", "stored \(1 + random.next() % 9) rows"),
                          (480, order, "INFO", "order created"), (600, gateway, "INFO", "responded 201 Created")]
            }
            for (offset, host, level, text) in steps {
                let millis = start + offset, seconds = 53 + millis / 1000
                let time = String(format: "14.03.2026 09:%02d:%02d.%03d", 26 + seconds / 60, seconds % 60, millis % 1000)
                files[host, default: []].append((millis, "\(time) | \(level) | \(id) | \(text)"))
            }
        }
        let directory = TestPaths.scratch() + "/shop"
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (host, lines) in files {
            let text = lines.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: "\n") + "\n"
            FileManager.default.createFile(atPath: "\(directory)/\(host).log", contents: Data(text.utf8))
        }
        return directory
    }

    private func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theBundledSampleIsAnalysedIntoTheLoopsState() throws {
        let state = TestPaths.scratch() + "/state"
        let run = try CLI.run(["analyze", "--state", state, "--outcome", "kv.replica_acked"] + Self.sample)
        #expect(run.status == 0, "\(run.stderr)")
        let text = run.text
        for heading in ["Inputs: 6 read, 1720 lines = 1720 matched + 0 unmatched", "Executions: 150 from 1720 events", "grouped by request",
                        "Call graph (services):", "coordinator → replica  sync, 150 executions", "Outcomes:", "kv.replica_acked: 150 supporting",
                        "Hypotheses:", "H1  [kv.replica_acked] crash:role:coordinator", "Plan p-", "Next:"] {
            #expect(text.contains(heading), "missing \(heading) in:\n\(text)")
        }
        #expect(text.contains("Samples/kvstore/logs/coord-1.log    kvstore (detected)  1270 lines, 0 unmatched"), "\(text)")
        // The plan is in the state, where `status` and `plan --state` find it; the next commands are exact.
        let status = try json(try CLI.run(["status", "--state", state, "--format", "json"]).stdout)
        let plans = try #require(status["plans"] as? [[String: Any]])
        let planID = try #require(plans.last?["id"] as? String)
        let first = try #require((plans.last?["experiments"] as? [String])?.first)
        #expect(FileManager.default.fileExists(atPath: "\(state)/plans/\(planID).json"))
        #expect(status["outcomes"] as? [String] == ["kv.replica_acked"])
        #expect(text.contains("ariadne plan --state \(state) --patterns Samples/kvstore/kvstore.yaml --format chaostoolkit --experiment \(first) -o \(first).json"), "\(text)")
        #expect(text.contains("ariadne record \(first) LOGS --state \(state) --patterns Samples/kvstore/kvstore.yaml"), "\(text)")
        let export = try CLI.run(["plan", "--state", state, "--patterns", "Samples/kvstore/kvstore.yaml", "--format", "chaostoolkit",
                                  "--experiment", first])
        #expect(export.status == 0 && export.text.contains("\"title\""), "\(export.stderr)")
    }

    /// `--report FILE` writes the HTML report of the whole analysis, with the loop's state.
    @Test func theReportHoldsTheAnalysisAndTheState() throws {
        let work = TestPaths.scratch()
        let run = try CLI.run(["analyze", "-q", "--state", work + "/state", "--outcome", "kv.replica_acked", "--report", work + "/report.html"] + Self.sample)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: work + "/report.html", encoding: .utf8)
        for part in ["kv.replica_acked", "crash:role:coordinator", "Call graph", "History of the loop", "coord-1"] {
            #expect(html.contains(part), "missing \(part)")
        }
        // Self-contained: no script, nothing loaded (SVG namespaces are names, not loads).
        #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"))
        let refused = try CLI.run(["analyze", "-q", "--state", work + "/state2", "--report", "/nonexistent/dir/r.html"] + Self.sample)
        #expect(refused.status == 74 && !FileManager.default.fileExists(atPath: work + "/state2/state.json"), "\(refused.stderr)")
    }

    @Test func aLayoutNoPatternCoversIsAnalysedWithNoOption() throws {
        let directory = Self.shop()
        let state = TestPaths.scratch() + "/state"
        let run = try CLI.run(["analyze", "--state", state, "--format", "json", directory])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try json(run.stdout)
        let inputs = try #require(summary["inputs"] as? [[String: Any]])
        #expect(inputs.count == 6 && inputs.allSatisfy { $0["how"] as? String == "inferred" }, "\(inputs)")
        #expect(summary["executions"] as? Int == 50)
        #expect(summary["grouped_by"] as? [String] == ["ord"])
        let calls = try #require(summary["calls"] as? [[String: Any]]).map { "\($0["from"]!)->\($0["to"]!)" }
        #expect(calls == ["gw->order", "order->db"], "\(calls)")
        let outcomes = try #require(summary["outcomes"] as? [[String: Any]])
        #expect(!outcomes.isEmpty && outcomes.allSatisfy { $0["proposed"] as? Bool == true && $0["supporting"] as? Int == 50 })
        // Proposed outcomes are hashed types: each is given with its template.
        let templates = try #require(summary["templates"] as? [String: String])
        for outcome in outcomes { #expect(templates[outcome["name"] as! String] != nil) }
        let next = try #require(summary["next"] as? [[String: Any]]).map { $0["command"] as! String }
        #expect(next.contains { $0.hasPrefix("ariadne record x-") }, "\(next)")
    }

    @Test func theSummaryJSONFollowsItsSchema() throws {
        let state = TestPaths.scratch() + "/state"
        for arguments in [Self.sample, [Self.shop()]] {
            let run = try CLI.run(["analyze", "--state", state + "\(arguments.count)", "--format", "json", "--pretty"] + arguments)
            #expect(run.status == 0, "\(run.stderr)")
            let file = TestPaths.file(Array(run.stdout), name: "summary.json")
            let check = try InjectorValidation.validate(file, schema: TestPaths.root + "/docs/analysis.schema.json")
            #expect(check.valid, "\(check.output)")
        }
    }

    @Test func aBugRecordedInTheStateExitsOne() throws {
        let state = TestPaths.scratch() + "/state"
        let first = try CLI.run(["analyze", "-q", "--state", state, "--outcome", "kv.replica_acked", "--format", "json"] + Self.sample)
        #expect(first.status == 0, "\(first.stderr)")
        let experiment = try #require((try json(first.stdout)["plan"] as? [String: Any])?["top"] as? [[String: Any]]).first?["id"] as? String
        let id = try #require(experiment)
        let recorded = try CLI.run(["record", id, "Samples/kvstore/logs", "--state", state, "--patterns", "Samples/kvstore/kvstore.yaml",
                                    "--verdict", "failed", "--failed-execution", "request=req-00001"])
        #expect(recorded.status == 1, "\(recorded.stderr)")
        let again = try CLI.run(["analyze", "--state", state, "--format", "json"] + Self.sample)
        #expect(again.status == 1, "\(again.stderr)")
        let summary = try json(again.stdout)
        #expect(summary["status"] as? Int == 1)
        let bugs = try #require((summary["state"] as? [String: Any])?["bugs"] as? [[String: Any]])
        #expect(bugs.count == 1 && bugs[0]["experiment"] as? String == id, "\(bugs)")
        // The same logs are not a second baseline: two runs, the baseline and the experiment.
        #expect((summary["state"] as? [String: Any])?["runs"] as? Int == 2)
        let status = try CLI.run(["status", "--state", state, "--color", "always"])
        #expect(status.text.contains("\u{1B}[1;31mbugs: 1\u{1B}[0m") && status.text.contains("\u{1B}[1;31mfailed"), "\(status.text)")
        #expect(!(try CLI.run(["status", "--state", state])).text.contains("\u{1B}"))
        let text = try CLI.run(["analyze", "--state", state] + Self.sample)
        #expect(text.status == 1 && text.text.contains("1 bug confirmed") && text.text.contains("ariadne status --state \(state)"), "\(text.text)")
    }

    /// A state remembers the id kinds of its first run's logs; other logs read into it (the ids now
    /// written `job-…`) are refused with what happened and what to type, not as a `--group-by` never given.
    @Test func logsWithoutTheStatesIDKindsAreExplained() throws {
        let logs = Self.shop()
        let state = TestPaths.scratch() + "/state"
        let first = try CLI.run(["analyze", "-q", "--state", state, logs])
        #expect(first.status == 0, "\(first.stderr)")
        for name in try FileManager.default.contentsOfDirectory(atPath: logs) {
            let path = logs + "/" + name
            let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "ord-", with: "job-")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let again = try CLI.run(["analyze", "--state", state, logs])
        #expect(again.status == 65 && again.stderr.contains("have no id of the kinds this state groups executions by"), "\(again.stderr)")
        #expect(again.stderr.contains("--state NEWDIR") && !again.stderr.contains("--group-by: id kind"), "\(again.stderr)")
    }

    @Test func exitStatusesForUsageInputAndOutput() throws {
        let state = TestPaths.scratch() + "/state"
        for usage in [["--budget", "0"], ["--top", "0"], ["--color", "sometimes"], ["--progress-interval", "5"], ["-", "-"]] {
            let run = try CLI.run(["analyze", "--state", state] + usage + Self.sample)
            #expect(run.status == 64, "\(usage): \(run.stderr)")
            #expect(run.stderr.hasPrefix("ariadne: "), "\(run.stderr)")
        }
        let missing = try CLI.run(["analyze", "--state", state, "/nonexistent/logs"])
        #expect(missing.status == 66 && missing.stderr.contains("/nonexistent/logs"), "\(missing.stderr)")
        // A new state's missing input is named as the input that is missing, not as a past run's lost logs.
        #expect(missing.stderr.contains("cannot open") && !missing.stderr.contains("run 1"), "\(missing.stderr)")
        // Beside inputs that can be read, a missing one is named, the rest analysed and summarised, then 66.
        let partly = try CLI.run(["analyze", "--state", state + "-6"] + Self.sample + ["/nonexistent/logs"])
        #expect(partly.status == 66 && partly.stderr.contains("/nonexistent/logs: cannot open"), "\(partly.stderr)")
        #expect(partly.text.hasPrefix("Inputs: ") && partly.text.contains("Hypotheses"), "\(partly.text)")
        let nothing = try CLI.run(["analyze", "--state", state + "-5", "/nonexistent/*.log"])
        #expect(nothing.status == 66 && nothing.stderr.contains("matches no file"), "\(nothing.stderr)")
        // No host or service named: no fault point to inject, said with what to do.
        let lines = (0..<40).map { i in "14.03.2026 09:26:\(String(format: "%02d", i)).000 | INFO | ord-k\(i / 2)x | step \(i % 2 == 0 ? "begin" : "end")" }
        let anonymous = TestPaths.file(lines.joined(separator: "\n") + "\n", name: "app.log")
        let noHosts = try CLI.run(["analyze", "--state", state + "-1", anonymous])
        #expect(noHosts.status == 65 && noHosts.stderr.contains("--host-from"), "\(noHosts.stderr)")
        // Every execution ends in an error: no outcome is proposed, and the message says what to type.
        let failing = try CLI.run(["analyze", "--state", state + "-2", Self.shop(failing: true)])
        #expect(failing.status == 65, "\(failing.stderr)")
        #expect(failing.stderr.contains("no good outcome could be proposed") && failing.stderr.contains("--outcome '"), "\(failing.stderr)")
        #expect(failing.stderr.contains("received POST"), "\(failing.stderr)")
        #expect(failing.stdout.isEmpty)
        let unwritable = try CLI.run(["analyze", "--state", state + "-3", "-o", "/nonexistent/dir/summary.txt"] + Self.sample)
        #expect(unwritable.status == 74 && unwritable.stderr.contains("cannot write /nonexistent/dir/summary.txt"), "\(unwritable.stderr)")
        let badState = try CLI.run(["analyze", "--state", "/dev/null/state"] + Self.sample)
        #expect(badState.status == 74 && badState.stderr.contains("/dev/null/state"), "\(badState.stderr)")
        let full = try CLI.run(["analyze", "--state", state + "-4"] + Self.sample, standardOutput: FileHandle(forWritingAtPath: "/dev/full")!)
        #expect(full.status == 74 && full.stderr.contains("No space left on device"), "\(full.stderr)")
    }

    /// A quoted glob is read as the files it matches, and the state keeps those files: a later step reads
    /// the same run even after the glob would match more.
    @Test func aGlobIsReadAsTheFilesItMatchesAndKeptAsThose() throws {
        let shop = Self.shop()
        let state = TestPaths.scratch() + "/state"
        let byGlob = try CLI.run(["analyze", "--state", state, "-q", shop + "/*.log"])
        #expect(byGlob.status == 0, "\(byGlob.stderr)")
        #expect(byGlob.text.contains("50 executions"), "\(byGlob.text)")
        let kept = try String(contentsOfFile: state + "/state.json", encoding: .utf8)
        #expect(kept.contains("db-1.log") && kept.contains("gw-2.log") && !kept.contains("*"), "\(kept)")
        FileManager.default.createFile(atPath: shop + "/late.log", contents: Data("not read\n".utf8))
        let again = try CLI.run(["plan", "--state", state, "-q"])
        #expect(again.status == 0 && !again.stderr.contains("gone"), "\(again.stderr)")
    }

    @Test func stdinIsSavedIntoTheStateAndReadAgain() throws {
        let state = TestPaths.scratch() + "/state"
        // One stream of every host's log: the sample's records name their host.
        var stream = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: TestPaths.root + "/Samples/kvstore/logs").sorted() {
            stream += try Data(contentsOf: URL(fileURLWithPath: TestPaths.root + "/Samples/kvstore/logs/" + name))
        }
        let arguments = ["analyze", "--state", state, "--patterns", "Samples/kvstore/kvstore.yaml", "--outcome", "kv.replica_acked"]
        let run = try CLI.run(arguments, stdin: stream)
        #expect(run.status == 0, "\(run.stderr)")
        let saved = try FileManager.default.contentsOfDirectory(atPath: state + "/inputs").filter { $0.hasPrefix("stdin-") }
        #expect(saved.count == 1 && saved[0].hasSuffix(".log"), "\(saved)")
        #expect(FileManager.default.contents(atPath: state + "/inputs/" + saved[0]) == stream)
        #expect(run.text.contains("Executions: 150 from 1720 events"), "\(run.text)")
        #expect(run.text.contains("\(state)/inputs/\(saved[0])"), "\(run.text)")
        // The same stream again is the same baseline: the same summary, still one run.
        let again = try CLI.run(arguments + ["-"], stdin: stream)
        #expect(again.status == 0 && again.stdout == run.stdout, "\(again.stderr)")
        let status = try json(try CLI.run(["status", "--state", state, "--format", "json"]).stdout)
        #expect((status["runs"] as? [Any])?.count == 1)
    }

    /// A call graph larger than a person reads (TrainTicket's 26 service calls; an HDFS archive has
    /// thousands of datanode pairs) is summarised by the calls seen in most executions, with a count of
    /// the rest and where to find them; the JSON keeps every call.
    @Test func aLargeCallGraphIsSummarisedByItsBusiestCalls() throws {
        let input = TestPaths.data + "/nezha_trainticket/2023-01-29/log/08_50_log.csv"
        let text = try CLI.run(["analyze", "-q", "--state", TestPaths.scratch() + "/text", input])
        let json = try CLI.run(["analyze", "-q", "--state", TestPaths.scratch() + "/json", "--format", "json", input])
        #expect(text.status == 0 && json.status == 0, "\(text.stderr)\(json.stderr)")
        let calls = try #require(try self.json(json.stdout)["calls"] as? [[String: Any]])
        let limit = AnalysisSummary.listedCalls
        try #require(calls.count > limit, "TrainTicket has more service calls than the summary lists")
        let lines = String(decoding: text.stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let head = try #require(lines.firstIndex { $0.hasPrefix("Call graph") })
        let services = Set(calls.flatMap { [$0["from"] as! String, $0["to"] as! String] }).count
        #expect(lines[head] == "Call graph (services): \(calls.count) calls between \(services) services; the \(limit) seen in most executions:")
        let listed = lines[(head + 1)...].prefix { $0.hasPrefix("  ") && $0.contains(" → ") }
        #expect(listed.count == limit)
        // The busiest calls, most executions first: none left out was seen in more executions than one listed.
        let counts = listed.map { Int($0.split(separator: ",").last!.split(separator: " ").first!)! }
        #expect(counts == counts.sorted(by: >), "\(listed)")
        let left = calls.map { $0["executions"] as! Int }.sorted(by: >).dropFirst(limit)
        #expect(left.allSatisfy { $0 <= counts.last! })
        #expect(lines[head + 1 + limit].contains("… and \(calls.count - limit) more: all in --format json"))
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let directory = Self.shop(seed: 9)
        let state = TestPaths.scratch() + "/state"
        for format in ["text", "json"] {
            let first = try CLI.run(["analyze", "-q", "--state", state, "--format", format, "--threads", "1", directory])
            try FileManager.default.removeItem(atPath: state)
            let second = try CLI.run(["analyze", "-q", "--state", state, "--format", format, "--threads", "2", directory])
            let third = try CLI.run(["analyze", "-q", "--state", state, "--format", format, directory])
            try FileManager.default.removeItem(atPath: state)
            #expect(first.status == 0 && !first.stdout.isEmpty, "\(first.stderr)")
            #expect(first.stdout == second.stdout && second.stdout == third.stdout, "\(format)")
        }
    }

    @Test func progressNamesEveryStageAndQuietSilencesIt() throws {
        let state = TestPaths.scratch() + "/state"
        let run = try CLI.run(["analyze", "--state", state, "--progress-interval", "0s", "--outcome", "kv.replica_acked"] + Self.sample)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("ariadne: progress: ") }
        for stage in AnalysisStage.allCases where stage != .read {
            #expect(lines.contains { $0.contains("[\(stage.title) \(stage.number)/\(AnalysisStage.count)]") }, "\(stage): \(run.stderr)")
        }
        // The size of plain files is known: a percentage; the end of the parse stage has read them all.
        #expect(lines.contains { $0.contains("of 211 KB (100%) read, 1720 lines") }, "\(run.stderr)")
        // The sample's 1,720 events are fewer than id discovery samples (some lack ids: the first 50,000
        // events are held until it decides), so its executions are formed at the end of the reading and
        // counted from then on; the redundancy model, the longest stage on large inputs, says how far it is.
        let counted = "[\(AnalysisStage.redundancy.title) \(AnalysisStage.redundancy.number)/"
        #expect(lines.contains { $0.contains(counted) && $0.contains("1720 lines, 150 executions") }, "\(run.stderr)")
        let modelling = "[\(AnalysisStage.redundancy.title) \(AnalysisStage.redundancy.number)/"
        #expect(lines.contains { $0.contains(modelling) && $0.contains("(100%)") }, "\(run.stderr)")
        #expect(!run.stderr.contains("\u{1B}"))
        let quiet = try CLI.run(["analyze", "-q", "--state", state, "--progress-interval", "0s"] + Self.sample)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(quiet.stdout == run.stdout)
        // Plain periodic lines: none within an interval longer than the run (the default, 5 s, depends on
        // how loaded the machine is).
        let plain = try CLI.run(["analyze", "--state", state, "--progress-interval", "1h"] + Self.sample)
        #expect(plain.status == 0 && !plain.stderr.contains("progress"), "\(plain.stderr)")
    }

    /// `model`, `hypotheses` and `plan` (with and without `--state`) show their stages on a terminal too,
    /// numbered among their own stages, the redundancy model (their longest on large inputs) included, and
    /// what they say on stderr on lines of its own; nothing with `--quiet`.
    @Test func theOtherCommandsNameTheirStagesOnATerminal() throws {
        let outcome = ["--outcome", "kv.replica_acked"]
        for (command, stages) in [(["model"], [AnalysisStage.parse, .infer, .redundancy]),
                                  (["hypotheses"], [.parse, .infer, .redundancy, .hypotheses]),
                                  (["plan"], [.parse, .infer, .redundancy, .plan]),
                                  (["plan", "--state", "STATE"], [.parse, .infer, .redundancy, .plan])] {
            for quiet in [false, true] {
                let scratch = TestPaths.scratch()
                let arguments = command.map { $0 == "STATE" ? scratch + "/state" : $0 } + (quiet ? ["-q"] : [])
                let run = try CLI.runInTerminal(arguments + ["-o", scratch + "/out"] + outcome + Self.sample, columns: 200, standardError: true)
                #expect(run.status == 0, "\(command): \(run.output)")
                if quiet {
                    #expect(!run.output.contains("["), "\(command): \(run.output)")
                    continue
                }
                for (n, stage) in stages.enumerated() {
                    #expect(run.output.contains("[\(stage.title) \(n + 1)/\(stages.count)]"), "\(command) \(stage): \(run.output)")
                }
                // Every message starts a line: a live line is cleared before it (`\r`, then erase to its end).
                let pieces = run.output.components(separatedBy: "ariadne: ")
                #expect(pieces.count > 1)
                for before in pieces.dropLast() {
                    #expect(before.isEmpty || before.hasSuffix("\n") || before.hasSuffix("\r\u{1B}[K"), "\(command): \(before.suffix(80).debugDescription)")
                }
            }
        }
    }

    /// An input that fails mid-run (a corrupt archive after a log that drew the live progress line)
    /// is reported on a line of its own, and so is the run's final error: the live line is cleared first.
    @Test func anErrorMidRunStartsALineOfItsOwnOnATerminal() throws {
        let scratch = TestPaths.scratch()
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let corrupt = scratch + "/broken.log.gz"
        try Data([0x1f, 0x8b, 0x08, 0x00] + Array(repeating: 0x5a, count: 64)).write(to: URL(fileURLWithPath: corrupt))
        let run = try CLI.runInTerminal(["analyze", "--state", scratch + "/state", "--patterns", "Samples/kvstore/kvstore.yaml",
                                         "Samples/kvstore/logs", corrupt], columns: 200, standardError: true)
        #expect(run.status != 0, "\(run.output)")
        #expect(run.output.contains("broken.log.gz"), "\(run.output)")
        #expect(run.output.contains("[parsing and grouping"), "no live line was drawn: \(run.output)")
        let pieces = run.output.components(separatedBy: "ariadne: ")
        #expect(pieces.count > 1)
        for before in pieces.dropLast() {
            #expect(before.isEmpty || before.hasSuffix("\n") || before.hasSuffix("\r\u{1B}[K"), "\(before.suffix(120).debugDescription)")
        }
    }

    @Test func colourOnlyOnATerminalUnlessAskedAndNeverWithNoColor() throws {
        let state = TestPaths.scratch() + "/state"
        let arguments = ["analyze", "-q", "--state", state] + Self.sample
        let piped = try CLI.run(arguments)
        #expect(piped.status == 0 && !piped.text.contains("\u{1B}["))
        let always = try CLI.run(arguments + ["--color", "always"])
        #expect(always.text.contains("\u{1B}[1mOutcomes\u{1B}[0m"), "\(always.text)")
        let never = try CLI.run(arguments + ["--color", "never"])
        #expect(never.stdout == piped.stdout)
        let terminal = try CLI.runInTerminal(arguments, columns: 120, environment: ["NO_COLOR": ""])
        #expect(terminal.status == 0 && terminal.output.contains("\u{1B}[1mOutcomes"), "\(terminal.output)")
        let noColor = try CLI.runInTerminal(arguments, columns: 120, environment: ["NO_COLOR": "1"])
        #expect(noColor.status == 0 && noColor.output.contains("Outcomes") && !noColor.output.contains("\u{1B}["), "\(noColor.output)")
        let forced = try CLI.runInTerminal(arguments + ["--color", "always"], columns: 120, environment: ["NO_COLOR": "1"])
        #expect(forced.output.contains("\u{1B}[1mOutcomes"))
        // Stripped of its colours, the terminal's text is the piped text.
        let stripped = noColor.output
        #expect(stripped == piped.text, "\(stripped)")
    }
}
