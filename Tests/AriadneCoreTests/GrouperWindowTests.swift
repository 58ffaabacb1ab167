import Foundation
import Testing
@testable import AriadneCore

/// The window closing of `ExecutionGrouper` against a naive reference: with every execution's events
/// known up front, an execution keeps its events up to the first gap of more than `window + 1`
/// positions (the window closes it one position after the gap exceeds it), and every event after
/// that gap is late.
@Suite struct GrouperWindowTests {
    static func event(_ line: Int, _ id: String?) -> Event {
        Event(source: SourceLocation(file: "w", line: line), executionIDs: id.map { [ExecutionID(kind: "req", value: $0)] } ?? [],
              type: "t", template: "", message: "")
    }

    /// Lines of events of random executions interleaved, some lines without an id.
    static func randomLog(_ rng: inout SplitMix64) -> [String?] {
        let executions = Int.random(in: 1...40, using: &rng)
        var log: [String?] = []
        var open = Array(0..<executions)
        while !open.isEmpty {
            if Int.random(in: 0..<10, using: &rng) == 0 { log.append(nil) }
            let k = Int.random(in: 0..<open.count, using: &rng)
            log.append("r\(open[k])")
            if Int.random(in: 0..<6, using: &rng) == 0 { open.remove(at: k) }
        }
        return log
    }

    @Test func windowMatchesNaiveReferenceOnRandomLogs() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<400 {
            let log = Self.randomLog(&rng)
            let window = Int.random(in: 1...30, using: &rng)
            // Naive: per id, its positions; kept up to the first gap of window + 2 or more.
            var kept: [String: [Int]] = [:]
            var late = Set<String>()
            var lateCount = 0
            for (i, id) in log.enumerated() {
                guard let id else { continue }
                let position = i + 1
                if late.contains(id) {
                    lateCount += 1
                } else if let last = kept[id]?.last, position - last >= window + 2 {
                    late.insert(id)
                    lateCount += 1
                } else {
                    kept[id, default: []].append(position)
                }
            }
            let closedEarly = kept.values.filter { $0.last! + window + 1 <= log.count }.count

            let grouper = ExecutionGrouper(options: GroupingOptions(windowEvents: window))
            var executions: [Execution] = []
            for (i, id) in log.enumerated() { executions += grouper.add(Self.event(i + 1, id)) }
            executions += grouper.finish()
            let got = Dictionary(uniqueKeysWithValues: executions.map { ($0.ids[0].value, $0.events.map(\.source.line)) })
            #expect(got == kept)
            #expect(grouper.report.lateEvents == lateCount)
            #expect(grouper.report.closedByWindow == closedEarly)
            #expect(grouper.report.executions == kept.count)
            // Handed out in the order of their first events, as without a window.
            let firsts = executions.map { $0.events[0].source.line }
            #expect(firsts == firsts.sorted())
            if lateCount == 0 {
                let whole = ExecutionGrouper()
                var all: [Execution] = []
                for (i, id) in log.enumerated() { all += whole.add(Self.event(i + 1, id)) }
                #expect(executions == all + whole.finish())
            }
        }
    }

    @Test func noWindowKeepsEverythingAndAWideWindowChangesNothing() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<50 {
            let log = Self.randomLog(&rng)
            func run(_ options: GroupingOptions) -> ([Execution], LinkReport) {
                let grouper = ExecutionGrouper(options: options)
                var out: [Execution] = []
                for (i, id) in log.enumerated() { out += grouper.add(Self.event(i + 1, id)) }
                return (out + grouper.finish(), grouper.report)
            }
            let (all, report) = run(GroupingOptions())
            let (windowed, windowReport) = run(GroupingOptions(windowEvents: log.count))
            #expect(windowed == all)
            #expect(report.lateEvents == 0 && windowReport.lateEvents == 0 && windowReport.closedByWindow == 0)
        }
    }

    @Test func heldExecutionsAreBoundedWhileAnEarlierOneStaysOpen() {
        let grouper = ExecutionGrouper(options: GroupingOptions(windowEvents: 10))
        let others = ExecutionGrouper.maxHeld + 5_000
        var line = 0, before = 0
        for n in 0..<others {
            if n % 4 == 0 {
                line += 1
                before += grouper.add(Self.event(line, "long")).count
            }
            line += 1
            before += grouper.add(Self.event(line, "o\(n)")).count
        }
        let rest = grouper.finish()
        #expect(before >= others - ExecutionGrouper.maxHeld - 20)
        #expect(before + rest.count == others + 1)
        #expect(rest.contains { $0.id == "req=long" && $0.events.count == others / 4 })
        #expect(grouper.report.lateEvents == 0)
    }

    @Test func lateEventIsCountedNotMergedNorANewExecution() {
        let grouper = ExecutionGrouper(options: GroupingOptions(windowEvents: 2))
        var out: [Execution] = []
        for (line, id) in ["a", "b", "b", "b", "b", "a", "b"].enumerated() { out += grouper.add(Self.event(line + 1, id)) }
        out += grouper.finish()
        #expect(out.map(\.id) == ["req=a", "req=b"])
        #expect(out[0].events.map(\.source.line) == [1])
        #expect(grouper.report.lateEvents == 1 && grouper.report.firstLate == SourceLocation(file: "w", line: 6))
        #expect(grouper.report.closedByWindow == 1)
        #expect(grouper.report.lateWarning?.contains("1 late event (first at w:6)") == true)
    }

    @Test func idHashIsStableAndTellsKindFromValue() {
        // FNV-1a over "req", a 0xff separator, "a": the same value in every run (Swift's Hasher is seeded per run).
        #expect(ExecutionGrouper.idHash(ExecutionID(kind: "req", value: "a")) == 0xfb12_12f2_b46f_9f5f)
        #expect(ExecutionGrouper.idHash(ExecutionID(kind: "re", value: "qa")) != ExecutionGrouper.idHash(ExecutionID(kind: "req", value: "a")))
    }

    /// A layout no shipped pattern covers: jobs j1–j9 log every 9 lines; j0 on line 1 and again on line 30.
    static var unseenLayout: String {
        var lines = ""
        var others = 0
        for line in 1...41 {
            var job = 0
            if line != 1 && line != 30 {
                job = 1 + others % 9
                others += 1
            }
            lines += "[2024-05-01 10:00:\(String(format: "%02d", line)).250] node-\(job % 3) :: job=j\(job) step \(line) finished\n"
        }
        return lines
    }

    @Test func theCommandLineReportsLateEventsEvenWhenQuiet() throws {
        let input = Data(Self.unseenLayout.utf8)
        let small = try CLI.run(["infer", "-q", "--group-by", "job", "--window", "12", "--format", "json", "-"], stdin: input)
        #expect(small.status == 0, "\(small.stderr)")
        #expect(small.stderr.contains("ariadne: WARNING: 1 late event (first at -:30)"), "\(small.stderr)")
        #expect(small.stderr.contains("raise --window"), "\(small.stderr)")
        #expect(try CausalModel.read(json: small.stdout).executions == 10)
        for window in ["0", "40"] {
            let wide = try CLI.run(["infer", "-q", "--group-by", "job", "--window", window, "--format", "json", "-"], stdin: input)
            #expect(wide.status == 0 && !wide.stderr.contains("late"), "\(wide.stderr)")
            #expect(try CausalModel.read(json: wide.stdout).executions == 10)
        }
        let negative = try CLI.run(["infer", "--window", "-1", "-"], stdin: Data())
        #expect(negative.status == 64 && negative.stderr.contains("--window must be 0 (no window) or more"), "\(negative.stderr)")
    }
}
