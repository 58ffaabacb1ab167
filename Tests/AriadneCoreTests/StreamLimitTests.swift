import Foundation
import Testing
@testable import AriadneCore

/// Streams whose log time stands still (or is absent): wall-clock idleness and the cap on open
/// executions keep memory bounded, and say what they closed.
@Suite struct StreamLimitTests {
    /// A clock the test moves by hand.
    final class FakeClock: @unchecked Sendable {
        var now: Int64 = 1_000
        func read() -> Int64 { now }
    }

    static func event(_ line: Int, _ id: String, time: Int64? = 5_000_000_000) -> Event {
        Event(source: SourceLocation(file: "s", line: line), time: time,
              executionIDs: [ExecutionID(kind: "req", value: id)], type: "t\(line % 3)", template: "", message: "")
    }

    @Test func wallClockIdlenessClosesWhatLogTimeCannot() {
        let clock = FakeClock()
        let grouper = ExecutionGrouper(options: GroupingOptions(idleTimeout: 1_000_000_000, idleWallClock: 60_000_000_000),
                                       wallClock: clock.read)
        #expect(grouper.add(Self.event(1, "a")).isEmpty)
        clock.now += 30_000_000_000
        #expect(grouper.add(Self.event(2, "b")).isEmpty)
        #expect(grouper.add(Self.event(3, "a", time: nil)).isEmpty, "a new event keeps a active")
        clock.now += 60_000_000_000
        #expect(grouper.closeIdle().isEmpty, "exactly the limit is not past it")
        clock.now += 1
        let closed = grouper.closeIdle()
        #expect(closed.map(\.id) == ["req=a", "req=b"], "both idle; output in input order")
        #expect(closed[0].events.map(\.source.line) == [1, 3])
        #expect(grouper.openExecutions == 0)
        #expect(grouper.report.closedByWallClock == 2 && grouper.report.closedByOpenCap == 0)
        #expect(grouper.report.summary().contains("2 executions closed by wall-clock idleness"))
        #expect(grouper.add(Self.event(4, "a")).isEmpty, "a later record of a closed id starts a new execution")
        #expect(grouper.finish().map(\.events.count) == [1])
    }

    @Test func eventsWithoutAnyTimeStillClose() {
        let clock = FakeClock()
        let grouper = ExecutionGrouper(options: GroupingOptions(idleTimeout: 1, idleWallClock: 10), wallClock: clock.read)
        var closed: [Execution] = []
        for i in 0..<1000 {
            clock.now += 1
            closed += grouper.add(Self.event(i, "r\(i)", time: nil))
        }
        #expect(grouper.openExecutions <= 11)
        #expect(closed.count + grouper.openExecutions == 1000)
        #expect(grouper.report.closedByWallClock == closed.count)
    }

    @Test func theCapClosesTheLeastRecentlyActiveFirst() {
        let grouper = ExecutionGrouper(options: GroupingOptions(maxOpenExecutions: 2))
        #expect(grouper.add(Self.event(1, "a")).isEmpty)
        #expect(grouper.add(Self.event(2, "b")).isEmpty)
        #expect(grouper.add(Self.event(3, "a")).isEmpty)
        let closed = grouper.add(Self.event(4, "c"))
        #expect(closed.map(\.id) == ["req=b"], "b is older in activity although a started first")
        #expect(grouper.report.closedByOpenCap == 1)
        #expect(grouper.report.summary().contains("1 executions closed early: too many open"))
        #expect(grouper.finish().map(\.id) == ["req=a", "req=c"])
    }

    /// The issue's stream: every event at the same log time, each with a new id. Memory stays bounded
    /// by the cap, every event ends in exactly one execution, and the model says what was cut.
    @Test func aStreamWhoseTimeStandsStillStaysBounded() {
        let options = GroupingOptions(idleTimeout: 300_000_000_000, maxOpenExecutions: 100)
        let pipeline = InferencePipeline(grouping: options, inference: InferenceOptions(), keepExecutions: false)
        var executions = 0, events = 0
        pipeline.onExecution = { executions += 1; events += $0.events.count }
        for i in 0..<20_000 {
            pipeline.add(Self.event(i, "r\(i % 5000)"))
        }
        #expect(pipeline.linkReport.closedByOpenCap == 20_000 - 100)
        let model = pipeline.finish()
        #expect(events == 20_000 && executions == 20_000)
        #expect(model.streamClosings == CausalModel.StreamClosings(wallClockIdle: 0, openCap: 19_900))
        #expect(model.summary().contains("19900 by the cap on open executions"))
        let json = String(decoding: try! model.jsonData(), as: UTF8.self)
        #expect(json.contains(#""open_cap" : 19900"#))
        let back = try! CausalModel.read(json: Data(json.utf8))
        #expect(back.streamClosings == model.streamClosings)
        let merged = try! CausalModel.merge(model, back)
        #expect(merged.streamClosings?.openCap == 39_800)
    }

    @Test func withoutLimitsTheModelJSONHasNoStreamClosings() throws {
        let pipeline = InferencePipeline(grouping: GroupingOptions(), inference: InferenceOptions(), keepExecutions: false)
        for i in 0..<50 { pipeline.add(Self.event(i, "r\(i % 7)")) }
        let model = pipeline.finish()
        #expect(model.streamClosings == nil)
        #expect(!String(decoding: try model.jsonData(), as: UTF8.self).contains("stream_closings"))
    }

    @Test func refusedSharedIdsKeepTheActivityListConsistent() {
        let clock = FakeClock()
        let grouper = ExecutionGrouper(options: GroupingOptions(maxPartners: 3, idleWallClock: 100, maxOpenExecutions: 4),
                                       wallClock: clock.read)
        var closed: [Execution] = []
        for i in 0..<200 {
            clock.now += 7
            let e = Event(source: SourceLocation(file: "s", line: i), time: nil,
                          executionIDs: [ExecutionID(kind: "req", value: "r\(i)"), ExecutionID(kind: "host", value: "h\(i % 2)")],
                          type: "t", template: "", message: "")
            closed += grouper.add(e)
        }
        closed += grouper.finish()
        let report = grouper.report
        #expect(!report.refused.isEmpty)
        #expect(closed.reduce(0) { $0 + $1.events.count } + report.eventsWithOnlySharedIDs == 200)
        #expect(grouper.openExecutions == 0)
    }

    @Test func theCommandLineBoundsTheLimitsAndReportsWhatTheyClosed() throws {
        for (flag, value, message) in [("--max-open", "0", "--max-open must be between 1 and 100000000"),
                                       ("--max-open", "100000001", "--max-open must be between"),
                                       ("--idle-wall", "0s", "--idle-wall must be more than 0")] {
            let result = try CLI.run(["infer", flag, value, "-"], stdin: Data())
            #expect(result.status == 64, "\(flag) \(value)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
        var lines = ""
        for i in 0..<300 {
            lines += "081109 203518 143 INFO dfs.DataNode$DataXceiver: Receiving block blk_\(i) src: /1.2.3.4:5 dest: /1.2.3.4:50010\n"
        }
        let result = try CLI.run(["infer", "--pattern", "hdfs", "--max-open", "10", "--format", "json", "-"], stdin: Data(lines.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("290 executions closed early: too many open"), "\(result.stderr)")
        let model = try CausalModel.read(json: result.stdout)
        #expect(model.executions == 300 && model.streamClosings?.openCap == 290)
    }
}
