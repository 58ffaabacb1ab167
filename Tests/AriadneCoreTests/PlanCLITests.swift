import Foundation
import Testing
@testable import AriadneCore

/// `ariadne plan` on the command line: formats, selection, state directory, and its errors' exit statuses.
@Suite struct PlanCLITests {
    static let kvstore = ["-q", "--patterns", "Samples/kvstore/kvstore.yaml", "--outcome", "kv.replica_acked", "Samples/kvstore/logs"]

    @Test func usageErrorsExit64AndNameTheOption() throws {
        for (arguments, option) in [(["--budget", "0"], "--budget"), (["--delay-margin", "1"], "--delay-margin"),
                                    (["--http-port", "0"], "--http-port"), (["--limit", "0"], "--limit"), (["--format", "yaml"], "--format")] {
            let run = try CLI.run(["plan"] + arguments + Self.kvstore)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.stderr.hasPrefix("ariadne: ") && run.stderr.contains(option), "\(run.stderr)")
        }
    }

    @Test func anExperimentThePlanLacksOrCannotExpressExits65() throws {
        let missing = try CLI.run(["plan", "--experiment", "x-000000000000"] + Self.kvstore)
        #expect(missing.status == 65 && missing.stderr.contains("no such experiment") && missing.stderr.contains("x-"), "\(missing.stderr)")
        let rank = try CLI.run(["plan", "--experiment", "99"] + Self.kvstore)
        #expect(rank.status == 65)
        // The first kvstore experiment crashes the coordinator's pod: not an HTTP fault.
        let istio = try CLI.run(["plan", "--format", "istio", "--experiment", "1"] + Self.kvstore)
        #expect(istio.status == 65 && istio.stderr.contains("chaos-mesh"), "\(istio.stderr)")
    }

    @Test func anUnwritableStateDirectoryExits74() throws {
        let file = TestPaths.file("not a directory", name: "state")
        let run = try CLI.run(["plan", "--state", file] + Self.kvstore)
        #expect(run.status == 74 && run.stderr.hasPrefix("ariadne: ") && run.stderr.contains(file), "\(run.stderr)")
    }

    @Test func experimentsAreSelectedByIdOrRankAndTheSummaryNamesTheFirst() throws {
        let plan = try ExperimentPlan.read(try CLI.run(["plan"] + Self.kvstore).stdout, path: "plan")
        #expect(plan.experiments.count >= 3 && plan.experiments[0].faults.map(\.point) == ["crash:host:coord-1"])
        let second = plan.experiments[1]
        let byRank = try CLI.run(["plan", "--format", "testbed", "--experiment", "2"] + Self.kvstore)
        let byID = try CLI.run(["plan", "--format", "testbed", "--experiment", second.id] + Self.kvstore)
        #expect(byRank.status == 0 && byRank.stdout == byID.stdout && byRank.text == second.testbedFaults().text())
        let loud = try CLI.run(["plan"] + Self.kvstore.dropFirst())
        #expect(loud.stderr.contains("ariadne: plan \(plan.id): \(plan.experiments.count) experiment(s); first \(plan.experiments[0].id): crash:host:coord-1"))
        let untested = try #require(plan.experiments.first { $0.kind == "untested_trigger" })
        #expect(untested.faults.map(\.kind) == ["delay"] && untested.faults[0].target.kind == "host" && (untested.faults[0].ms ?? 0) > 0)
    }
}
