import Foundation
import Testing

/// `--outcome` and `--accept` as a user meets them, on JSON lines the tests write: an API that answers
/// some requests `response sent status=201 Created` and others `status=500`.
@Suite struct OutcomeCLITests {
    static let requests = 30

    /// Whether request `i` succeeds (every third fails).
    static func succeeds(_ i: Int) -> Bool { i % 3 != 0 }

    static func id(_ i: Int) -> String { "request=r\(String(format: "%04d", i))" }

    static let successes = (0..<requests).filter(succeeds).map(id)
    static let failures = (0..<requests).filter { !succeeds($0) }.map(id)

    /// A gateway receives each request, the API handles it and logs its response in the message.
    static let messageLog: String = {
        var lines: [String] = []
        for i in 0..<requests {
            let second = String(format: "%02d", i % 60), rid = String(format: "r%04d", i)
            func line(_ ms: Int, _ host: String, _ service: String, _ message: String) -> String {
                #"{"time":"2026-03-14T09:27:\#(second).\#(ms)Z","level":"info","host":"\#(host)","service":"\#(service)","msg":"\#(message)","request_id":"\#(rid)"}"#
            }
            lines.append(line(100, "gw-1", "gateway", "request received path=/api/orders/\(i)"))
            lines.append(line(400, "api-1", "api", "handling order \(i)"))
            lines.append(line(700, "api-1", "api", succeeds(i) ? "response sent status=201 Created" : "response sent status=500"))
        }
        return TestPaths.file(lines.joined(separator: "\n") + "\n", name: "api.jsonl")
    }()

    /// The same, with the message `response sent` for every response and the status in a field.
    static let fieldLog: String = {
        var lines: [String] = []
        for i in 0..<requests {
            let second = String(format: "%02d", i % 60), rid = String(format: "r%04d", i)
            lines.append(#"{"ts":"2026-03-14T09:27:\#(second).100Z","host":"api-1","service":"api","msg":"handling order \#(i)","request_id":"\#(rid)"}"#)
            lines.append(#"{"ts":"2026-03-14T09:27:\#(second).700Z","host":"api-1","service":"api","msg":"response sent","status":\#(succeeds(i) ? 201 : 503),"request_id":"\#(rid)"}"#)
        }
        return TestPaths.file(lines.joined(separator: "\n") + "\n", name: "fields.jsonl")
    }()

    /// The model's first outcome (JSON): supporting executions, failed executions with their reasons.
    func model(_ outcome: String, _ log: String = messageLog) throws -> (status: Int32, stderr: String, outcome: [String: Any]) {
        let run = try CLI.run(["model", "--format", "json", "--outcome", outcome, log])
        guard run.status == 0 else { return (run.status, run.stderr, [:]) }
        let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        let outcomes = try #require(json["outcomes"] as? [[String: Any]])
        return (run.status, run.stderr, try #require(outcomes.first))
    }

    func supporting(_ outcome: [String: Any]) -> [String] {
        let classes = outcome["classes"] as? [[String: Any]] ?? []
        return classes.flatMap { ($0["executions"] as? [String: Any])?["ids"] as? [String] ?? [] }.sorted()
    }

    func failed(_ outcome: [String: Any]) -> [String: String] {
        let failed = outcome["failed"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: failed.map { ($0["execution"] as! String, $0["reason"] as! String) })
    }

    @Test func textOfTheMessageSelectsExactlyTheExecutionsThatLoggedIt() throws {
        for text in ["201 Created", "status=201", "status=2\\d\\d"] {
            let (status, stderr, outcome) = try model(text)
            #expect(status == 0, "\(text): \(stderr)")
            #expect(supporting(outcome) == Self.successes, "\(text)")
            #expect(failed(outcome) == Dictionary(uniqueKeysWithValues: Self.failures.map { ($0, "missed outcome") }), "\(text)")
            #expect(stderr.contains("ariadne: outcome '\(text)': 20 of 30 executions reach it (10 failed, 0 not applicable)\n"
                + "  matched by message: "), "\(text): \(stderr)")
            #expect(stderr.contains("(api: response sent status=<*> Created): 20 events in 20 executions"), "\(text): \(stderr)")
            let matches = try #require(outcome["matches"] as? [[String: Any]])
            #expect(matches.map { $0["by"] as? String } == ["message"] && matches.first?["service"] as? String == "api")
            #expect((outcome["warnings"] as? [String])?.isEmpty == true)
        }
    }

    @Test func aTemplateSharedBySuccessesAndFailuresCountsOnlyTheSuccesses() throws {
        let (status, stderr, outcome) = try model("response sent")
        #expect(status == 0, "\(stderr)")
        #expect(supporting(outcome) == Self.successes)
        #expect(failed(outcome) == Dictionary(uniqueKeysWithValues: Self.failures.map { ($0, "outcome looked like a failure") }))
        #expect(stderr.contains("no event counted, 10 look like failures (status=500)"), "\(stderr)")
        #expect(stderr.contains("  10 matched events look like failures (status=500) and were not counted as reaching the outcome; "
            + "name the success exactly, e.g. --outcome 'status=2\\d\\d', to silence this"), "\(stderr)")
        #expect((outcome["warnings"] as? [String])?.count == 1)

        // The status in a field, the message the same for every response.
        let (fieldStatus, fieldStderr, byTemplate) = try model("response sent", Self.fieldLog)
        #expect(fieldStatus == 0, "\(fieldStderr)")
        #expect(supporting(byTemplate) == Self.successes)
        #expect(fieldStderr.contains("10 matched events look like failures (status=503)"), "\(fieldStderr)")
        let (_, exactStderr, byField) = try model("status=201", Self.fieldLog)
        #expect(supporting(byField) == Self.successes)
        #expect(exactStderr.contains("matched by field: "), "\(exactStderr)")
        #expect(!exactStderr.contains("look like failures"), "an exact success is not warned about")
    }

    @Test func aMisspeltOutcomeExits65NamingTheClosestTemplates() throws {
        for command in ["model", "hypotheses"] {
            let run = try CLI.run([command, "--outcome", "201 Creatd", Self.messageLog])
            #expect(run.status == 65, "\(command): \(run.stderr)")
            #expect(run.stdout.isEmpty)
            let message = try #require(run.stderr.range(of: "ariadne: outcome '201 Creatd' matches no event type, template, message or field "
                + "in the 30 executions; the closest templates:\n").map { run.stderr[$0.upperBound...] }, "\(run.stderr)")
            let lines = message.split(separator: "\n")
            #expect(lines.first?.hasSuffix("  api: response sent status=<*> Created (20 events)") == true, "\(message)")
            #expect(lines.prefix(4).filter { $0.hasPrefix("  T") }.count == 4, "every template of the log, closest first")
            #expect(message.contains("e.g. --outcome 'response sent status=<*> Created'"))
        }
        let failures = try CLI.run(["model", "-q", "--outcome", "status=500", Self.messageLog])
        #expect(failures.status == 65)
        #expect(failures.stderr.hasPrefix("ariadne: outcome 'status=500' matches only events that look like failures (10: status=500)"),
                "\(failures.stderr)")
        let precondition = try CLI.run(["model", "-q", "--outcome", "201 Created if recieved", Self.messageLog])
        #expect(precondition.status == 65)
        #expect(precondition.stderr.hasPrefix("ariadne: precondition 'recieved' of '201 Created if recieved' matches no event"),
                "\(precondition.stderr)")
        let invalid = try CLI.run(["model", "-q", "--outcome", "status=(", Self.messageLog])
        #expect(invalid.status == 64, "an invalid regex stays a usage error")
    }

    @Test func acceptingAPointThatDoesNotExistExits65ListingThePoints() throws {
        let run = try CLI.run(["hypotheses", "-q", "--outcome", "201 Created", "--accept", "crash:role:apii", Self.messageLog])
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("ariadne: --accept 'crash:role:apii': no such fault point in the model; its "), "\(run.stderr)")
        #expect(run.stderr.contains("\n  crash:role:api\n") && run.stderr.contains("\n  crash:host:api-1"), "\(run.stderr)")
        let known = try CLI.run(["hypotheses", "-q", "--format", "json", "--outcome", "201 Created", "--accept", "crash:role:api",
                                 Self.messageLog])
        #expect(known.status == 0, "\(known.stderr)")
        #expect(known.stderr.isEmpty, "-q prints no match report")
        let report = try #require(try JSONSerialization.jsonObject(with: known.stdout) as? [String: Any])
        #expect(report["accepted"] as? [String] == ["crash:role:api"])
    }
}
