import Foundation
import Testing
@testable import AriadneCore

/// Pattern files that used to pass silently: unknown keys anywhere, bad names, rules without a type,
/// and user patterns replacing shipped ones.
@Suite struct PatternValidationTests {
    static let base = "name: x\nrecord: '^(?<timestamp>\\S+) (?<message>.*)$'\n"

    /// Writes `yaml` to a scratch folder and loads it as a user pattern folder.
    func failure(_ yaml: String) throws -> PatternError {
        let directory = TestPaths.scratch()
        try yaml.write(toFile: directory + "/mine.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try PatternLibrary(directories: [directory])
        } catch let error as PatternError {
            #expect(error.file == directory + "/mine.yaml")
            return error
        }
        Issue.record("\(yaml) loaded")
        throw PatternLibraryError.notFound(directory)
    }

    @Test func unknownKeysAreRejectedEverywhereWithASuggestion() throws {
        let cases: [(yaml: String, line: Int, key: String, suggestion: String?)] = [
            (Self.base + "timestamp:\n  formats: ['yyyy-MM-dd']\n  timezon: '+08:00'\n", 5, "timestamp.timezon", "timestamp.timezone"),
            (Self.base + "timestamp:\n  format: ['yyyy-MM-dd']\n", 4, "timestamp.format", "timestamp.formats"),
            (Self.base + "timestamp:\n  years: 2020\n", 4, "timestamp.years", "timestamp.year"),
            (Self.base + "contination: none\n", 3, "contination", "continuation"),
            (Self.base + "events:\n  - type: a\n    patern: 'x'\n", 5, "events[].patern", "events[].pattern"),
            (Self.base + "execution_ids:\n  - knd: req\n    pattern: 'r\\d+'\n", 4, "execution_ids[].knd", "execution_ids[].kind"),
            ("name: x\nformat: json\nkeys:\n  mesage: [msg]\n", 4, "keys.mesage", "keys.message"),
            (Self.base + "zzzzzzzz: 1\n", 3, "zzzzzzzz", nil),
        ]
        for c in cases {
            let error = try failure(c.yaml)
            #expect(error.line == c.line, "\(c.key)")
            #expect(error.reason == .unknownKey(c.key, suggestion: c.suggestion), "\(error)")
            if let suggestion = c.suggestion {
                #expect(error.description.hasSuffix(":\(c.line): unknown key '\(c.key)'; did you mean '\(suggestion)'?"))
            }
        }
    }

    @Test func patternNamesMustBeLowercaseWordsAndNotBuiltIn() throws {
        for name in ["MyLog", "my.log", "my log", "für", "generic", "ariadne-events"] {
            let error = try failure("description: d\nname: '\(name)'\nrecord: 'a'\n")
            #expect(error.line == 2, "\(name)")
            guard case .badValue(let key, _, _) = error.reason else {
                Issue.record("\(name): \(error)")
                continue
            }
            #expect(key == "name")
        }
        for name in ["my-log_2", "a", "0"] {
            #expect(throws: Never.self) { try PatternLoader.load(yaml: "name: '\(name)'\nrecord: 'a'\n", file: "ok.yaml") }
        }
    }

    /// `timestamp.at` says when the written time was: `start` or `end`; anything else is named at its line.
    @Test func aTimestampIsAtTheStartOrTheEnd() throws {
        let error = try failure(Self.base + "timestamp:\n  formats: ['iso8601']\n  at: middle\n")
        #expect(error.line == 5 && error.reason == .badValue(key: "at", value: "middle", expected: "start or end"), "\(error)")
        let start = try PatternLoader.load(yaml: Self.base + "timestamp:\n  formats: ['iso8601']\n  at: start\n", file: "ok.yaml")
        let end = try PatternLoader.load(yaml: Self.base + "timestamp:\n  formats: ['iso8601']\n  at: end\n", file: "ok.yaml")
        #expect(start.timeAtStart && !end.timeAtStart)
    }

    @Test func aRuleWithoutTypeOrKindIsReportedAtItsOwnLine() throws {
        let events = try failure(Self.base + "events:\n  - type: ok\n    pattern: 'a'\n  - pattern: 'b'\n    template: b\n")
        #expect(events.line == 6 && events.reason == .missingKey("events[].type"))
        let ids = try failure(Self.base + "execution_ids:\n  - kind: req\n    pattern: 'r'\n  - capture: host\n")
        #expect(ids.line == 6 && ids.reason == .missingKey("execution_ids[].kind"))
    }

    @Test func aUserPatternReplacingAShippedOneIsAllowedWithAWarning() throws {
        let directory = TestPaths.scratch()
        let file = directory + "/zk.yaml"
        try "name: zookeeper\nrecord: '^(?<message>.*)$'\n".write(toFile: file, atomically: true, encoding: .utf8)
        let library = try PatternLibrary(directories: [directory])
        #expect(library.warnings == ["\(file): pattern zookeeper replaces the shipped one"])
        #expect(try library.pattern(named: "zookeeper").file == file)
        let second = TestPaths.scratch()
        try "name: zookeeper\nrecord: '^(?<message>.+)$'\n".write(toFile: second + "/zk2.yaml", atomically: true, encoding: .utf8)
        let both = try PatternLibrary(directories: [directory, second])
        #expect(both.warnings.count == 2)
        #expect(both.warnings.last == "\(second)/zk2.yaml: pattern zookeeper replaces the shipped one")
        #expect(try PatternLibrary(directories: []).warnings.isEmpty, "the shipped folder alone warns about nothing")

        let log = TestPaths.file("2015-07-29 17:41:44,747 - INFO  [main:QuorumPeer@1] - x\n")
        let result = try CLI.run(["parse", "-q", "--patterns", directory, "--pattern", "zookeeper", log])
        #expect(result.status == 0)
        #expect(result.stderr.contains("ariadne: \(file): pattern zookeeper replaces the shipped one"), "\(result.stderr)")
        let listing = try CLI.run(["patterns", "--patterns", directory])
        #expect(listing.stderr.contains("ariadne: \(file): pattern zookeeper replaces the shipped one"), "\(listing.stderr)")
    }

    @Test func theCommandLineStopsOnAMistypedTimestampKey() throws {
        let directory = TestPaths.scratch()
        try (Self.base + "timestamp:\n  formats: ['yyyy-MM-dd']\n  timezon: '+08:00'\n")
            .write(toFile: directory + "/x.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["parse", "--patterns", directory, "--pattern", "x", "-"], stdin: Data("2020-01-01 a\n".utf8))
        #expect(result.status != 0)
        #expect(result.stderr.contains("x.yaml:5: unknown key 'timestamp.timezon'; did you mean 'timestamp.timezone'?"), "\(result.stderr)")
    }
}
