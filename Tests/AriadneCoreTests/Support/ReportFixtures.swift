import Foundation
@testable import AriadneCore

/// Inputs for the report's tests: logs in a layout no shipped pattern covers whose text is hostile to
/// HTML, a loop state with a confirmed bug, and the external programs the report uses.
enum ReportFixtures {
    /// The HTML a log line must never inject.
    static let script = "<script>alert(\"x\")</script>"

    /// A directory of per-host logs (`gateway-1.log`, `store-1.log`, `store-2.log`): 40 requests that
    /// go from the gateway to one of two stores and end with `done`, one more that never does; every
    /// message carries markup.
    static func hostileLogs() -> String {
        let directory = TestPaths.scratch()
        var gateway: [String] = [], stores: [[String]] = [[], []]
        func time(_ ms: Int) -> String {
            String(format: "2026-03-01 10:%02d:%02d.%03d", ms / 60_000, ms / 1000 % 60, ms % 1000)
        }
        for i in 0..<41 {
            let t = i * 100, request = String(format: "r%04d", i), store = i % 2
            gateway.append("@@ \(time(t)) ~ INFO ~ received \(script) & co req=\(request)")
            gateway.append("@@ \(time(t + 1)) ~ INFO ~ forwarding to store-\(store + 1) req=\(request)")
            if i == 40 {
                gateway.append("@@ \(time(t + 30)) ~ INFO ~ gave up <img src=http://evil.example/x.png> req=\(request)")
                continue
            }
            stores[store].append("@@ \(time(t + 5)) ~ INFO ~ stored \(script) <b>bold</b> &amp; req=\(request)")
            gateway.append("@@ \(time(t + 10)) ~ INFO ~ done <img src=http://evil.example/x.png> 'ok' req=\(request)")
        }
        FileManager.default.createFile(atPath: directory + "/gateway-1.log", contents: Data((gateway.joined(separator: "\n") + "\n").utf8))
        for (k, lines) in stores.enumerated() {
            FileManager.default.createFile(atPath: directory + "/store-\(k + 1).log", contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        return directory
    }

    /// A state directory with a baseline run, one held experiment and one failed with its explanation
    /// (both executions around the departure); its log lines, in `logs/`, carry markup.
    static func loopStateWithBug() throws -> String {
        let directory = TestPaths.scratch()
        let logs = directory + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let good = ["checkout order=o1", "pay order=o1 \(script)", "charged order=o1", "paid order=o1"]
        let failing = ["checkout order=o9", "payment order=o9 failed, retrying <img src=http://evil.example/y.png>"]
        FileManager.default.createFile(atPath: logs + "/good.log", contents: Data((good.joined(separator: "\n") + "\n").utf8))
        FileManager.default.createFile(atPath: logs + "/failing.log", contents: Data((failing.joined(separator: "\n") + "\n").utf8))
        func step(_ type: String, _ host: String, _ template: String, _ source: String) -> BugReport.Step {
            BugReport.Step(type: type, host: host, template: template, source: source)
        }
        let goodSteps = [step("checkout", "shop-1", "checkout order=<*>", "\(logs)/good.log:1"),
                         step("pay", "payments-1", "pay order=<*> \(script)", "\(logs)/good.log:2"),
                         step("charged", "ledger-1", "charged order=<*>", "\(logs)/good.log:3"),
                         step("paid", "shop-1", "paid order=<*>", "\(logs)/good.log:4")]
        let failingSteps = [step("checkout", "shop-1", "checkout order=<*>", "\(logs)/failing.log:1"),
                            step("retry", "shop-1", "payment order=<*> failed, retrying", "\(logs)/failing.log:2")]
        let explanation = BugReport.Explanation(
            execution: "run3/order=o9", reason: "missed outcome", comparedWith: "order=o1", lackedHosts: ["ledger-1", "payments-1"],
            commonEvents: 1, expected: goodSteps[1], got: failingSteps[1], stepsFrom: 0, goodSteps: goodSteps, failingSteps: failingSteps)
        var state = LoopState(outcomes: ["paid order"], budget: 3)
        state.runs = [
            LoopRun(number: 1, experiment: nil, plan: nil, faults: [], paths: [logs], executions: 60, verdict: .baseline,
                    judgedBy: .logs, failedExecutions: []),
            LoopRun(number: 2, experiment: "x-000000000001", plan: "p-1", faults: ["crash:host:ledger-1"], paths: [logs],
                    executions: 60, verdict: .held, judgedBy: .injector, failedExecutions: []),
            LoopRun(number: 3, experiment: "x-000000000002", plan: "p-2", faults: ["delay:edge:shop-1->payments-1"], paths: [logs],
                    executions: 60, verdict: .failed, judgedBy: .logs, failedExecutions: ["run3/order=o9"],
                    bug: BugReport(faults: ["delay:edge:shop-1->payments-1"], failedExecutions: ["run3/order=o9"], failedCount: 1,
                                   explanations: [explanation])),
        ]
        state.plans = [LoopState.PlanRecord(id: "p-1", afterRuns: 1, experiments: ["x-000000000001"]),
                       LoopState.PlanRecord(id: "p-2", afterRuns: 2, experiments: ["x-000000000002", "x-000000000003"])]
        try StateDirectory(path: directory + "/state").write(state)
        return directory + "/state"
    }

    /// The first executable `name` on PATH.
    static func onPath(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let dot = onPath("dot")
    static let chromium = onPath("chromium")

    /// The report of `arguments` (an ariadne command line without `--report`), written to a scratch
    /// file; `dot: false` forces the built-in layout.
    static func report(_ arguments: [String], dot: Bool) throws -> (html: String, result: CLI.Result, path: String) {
        try reportWith(environment: dot ? [:] : ["ARIADNE_DOT": "none"], arguments)
    }

    /// The report of `arguments` run with `environment` added.
    static func reportWith(environment: [String: String], _ arguments: [String]) throws -> (html: String, result: CLI.Result, path: String) {
        let path = TestPaths.scratch() + "/report.html"
        let result = try CLI.run(arguments + ["--report", path], environment: environment)
        let html = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return (html, result, path)
    }
}
