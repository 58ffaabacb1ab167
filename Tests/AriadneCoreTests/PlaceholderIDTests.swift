import Testing
@testable import AriadneCore

/// Values that stand for "no id" (`-`, `null`, `N/A`) never name an execution: not from a pattern's id
/// capture (event path and the workers' direct JSON path alike), nor from its id regex, nor from
/// discovery. Grouped by them, every record without a request would be one execution.
@Suite struct PlaceholderIDTests {
    @Test func placeholdersAndRealIDs() {
        for value in ["", "-", "--", "------------------", "*", "?", "/", "null", "NULL", "Nil", "none", "N/A", "n/a", "undefined",
                      "Unknown", "unset", " - ", "00000000000000000000000000000000", "00000000-0000-0000-0000-000000000000"] {
            #expect(ExecutionID.isPlaceholder(value), "\(value)")
        }
        for value in ["0", "-1", "a", "r-1", "nulls", "nonesuch", "n/a1", "blk_-1608999687919862906", "é", "不明",
                      "unknown-host-7", "0", "0000000", "00000001", "0000000000000000000000000000000a"] {
            #expect(!ExecutionID.isPlaceholder(value), "\(value)")
        }
    }

    /// A regex pattern whose `req` capture and id regex meet placeholders, parsed both ways: the events
    /// carry only the real ids, and the workers' JSON equals encoding those events.
    @Test func patternCapturesAndRegexesSkipPlaceholders() throws {
        let yaml = """
            name: placeholder-test
            record: '^(?<timestamp>\\d{2}:\\d{2}:\\d{2}) req=(?<req>\\S*) (?<message>.*)$'
            timestamp:
              formats: ['HH:mm:ss']
            execution_ids:
              - kind: req
                capture: req
              - kind: order
                pattern: 'order=(?<id>\\S+)'
            events:
              - type: app.step
                pattern: '^\\w+'
            """
        let pattern = try PatternLoader.load(yaml: yaml, file: "placeholder-test.yaml")
        let lines = [
            "10:00:01 req=r-1 start order=o-1",
            "10:00:02 req=- gc pause order=-",
            "10:00:03 req=null heartbeat order=NULL",
            "10:00:04 req=N/A tick order=n/a",
            "10:00:05 req=r-2 done order=o-2",
            "10:00:06 req= idle",
        ]
        let path = TestPaths.file(lines.joined(separator: "\n") + "\n", name: "app.log")
        var events: [Event] = []
        let session = ParseSession(options: ParseOptions(pattern: pattern, library: [pattern], threads: 1)) { events.append($0) }
        try session.parse(InputSource(path: path))
        #expect(events.count == lines.count)
        #expect(events.map { $0.executionIDs.map(\.description) } == [
            ["req=r-1", "order=o-1"], [], [], [], ["req=r-2", "order=o-2"], [],
        ])
        var bytes: [UInt8] = []
        let direct = ParseSession(options: ParseOptions(pattern: pattern, library: [pattern], threads: 1),
                                  output: .jsonLines { bytes.append(contentsOf: $0) })
        try direct.parse(InputSource(path: path))
        var expected: [UInt8] = []
        for event in events { EventJSON.append(event, to: &expected) }
        #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    /// JSON lines (the shipped `jsonl` pattern's `trace_id` capture) and a discovered id field: the
    /// placeholder records are events without an id, not one execution of their own.
    @Test func jsonLinesAndDiscoveredIDs() throws {
        var lines: [String] = []
        for r in 0..<30 {
            for step in ["received", "stored", "answered"] {
                lines.append(#"{"ts":"2026-03-01T10:00:\#(String(format: "%02d", r)).\#(step.count)00Z","msg":"\#(step)","trace_id":"t\#(r)","rid":"q\#(r)"}"#)
            }
            lines.append(#"{"ts":"2026-03-01T10:00:\#(String(format: "%02d", r)).900Z","msg":"gc pause","trace_id":"-","rid":"null"}"#)
        }
        let path = TestPaths.file(lines.joined(separator: "\n") + "\n", name: "app.jsonl")
        var events: [Event] = []
        let library = try PatternLibrary()
        let session = ParseSession(options: ParseOptions(library: library.patterns, threads: 1)) { events.append($0) }
        try session.parse(InputSource(path: path))
        #expect(events.count == 120)
        #expect(events.filter { $0.message == "gc pause" }.allSatisfy { $0.executionIDs.isEmpty })
        for groupBy: [String]? in [["trace"], nil] {
            let stripped = groupBy == nil ? events.map { e -> Event in
                var e = e
                e.executionIDs = []
                return e
            } : events
            let pipeline = InferencePipeline(grouping: GroupingOptions(groupBy: groupBy), inference: InferenceOptions(), keepExecutions: true,
                                             discovery: groupBy == nil ? IDDiscoveryOptions(minRecords: 1, minRecordShare: 0) : nil)
            for event in stripped { pipeline.add(event) }
            _ = pipeline.finish()
            #expect(pipeline.executions.count == 30, "\(String(describing: groupBy))")
            #expect(pipeline.linkReport.eventsWithoutID == 30, "\(String(describing: groupBy))")
            #expect(pipeline.executions.allSatisfy { $0.events.count == 3 })
        }
    }
}
