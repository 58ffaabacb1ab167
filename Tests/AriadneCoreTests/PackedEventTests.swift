import Foundation
import Testing
@testable import AriadneCore

@Suite struct PackedEventTests {
    static let library = try! PatternLibrary()

    /// Every string of an event as bytes: `==` on strings is canonical equivalence, the output is bytes.
    static func bytes(_ e: Event) -> [[UInt8]] {
        var all = [e.source.file, e.type, e.template, e.message, e.host ?? "∅", e.service ?? "∅", e.level ?? "∅", e.timeText ?? "∅"]
        all += e.executionIDs.flatMap { [$0.kind, $0.value] } + e.fields.flatMap { [$0.name, $0.value] }
        return all.map { Array($0.utf8) } + [[e.time == nil ? 0 : 1, UInt8(e.executionIDs.count), UInt8(e.fields.count)]]
    }

    static func roundTrip(_ events: [Event]) -> [Event] {
        let strings = EventStrings()
        let packed = events.map { PackedEvent($0, strings: strings) }
        return packed.map { $0.unpacked(with: strings) }
    }

    @Test func realEventsComeBackEqualByte_for_byte() throws {
        var paths = ["hdfs_20k/HDFS_20000.log", "nezha_trainticket/2023-01-29/log/08_50_log.csv"].map { TestPaths.data + "/" + $0 }
        let systems = try FileManager.default.contentsOfDirectory(atPath: TestPaths.data + "/loghub_2k").sorted()
        for system in systems where !system.contains(".") && system != "LICENSE" {
            paths.append(TestPaths.data + "/loghub_2k/\(system)/\(system)_2k.log")
        }
        paths.append(TestPaths.root + "/Samples/kvstore/logs")
        var events: [Event] = []
        let session = ParseSession(options: ParseOptions(library: Self.library.patterns)) { events.append($0) }
        for input in try InputSource.expand(paths).inputs { try session.parse(input) }
        #expect(events.count > 40_000)
        let back = Self.roundTrip(events)
        #expect(back == events)
        #expect(back.map(Self.bytes) == events.map(Self.bytes))
        #expect(events.contains { !$0.fields.isEmpty } && events.contains { !$0.executionIDs.isEmpty })
    }

    @Test func edgeCasesComeBackEqual() {
        let decomposed = "cafe\u{301}-1", composed = "caf\u{E9}-1"
        let events = [
            Event(source: SourceLocation(file: "", line: 0), type: "", template: "", message: ""),
            Event(source: SourceLocation(file: "a.log", line: Int.max), time: .min, timeText: "", host: decomposed,
                  service: composed, level: "", executionIDs: [ExecutionID(kind: "k", value: ""), ExecutionID(kind: "k", value: "x")],
                  type: "t", template: "<*>", fields: [Field(name: "f", value: "not in the message"), Field(name: "f", value: "ab")],
                  message: "abab x"),
            Event(source: SourceLocation(file: "a.log", line: -3), time: .max, host: composed, service: decomposed,
                  executionIDs: [ExecutionID(kind: "req", value: "r\u{0}1")], type: "t", template: "t",
                  fields: [Field(name: "v", value: "é"), Field(name: "w", value: "\u{301}")], message: "r\u{0}1 e\u{301} 🚀 é"),
            Event(source: SourceLocation(file: "b.log", line: 7), time: 0, type: "T", template: "x", message: String(repeating: "long ", count: 10_000)),
        ]
        let back = Self.roundTrip(events)
        #expect(back == events)
        #expect(back.map(Self.bytes) == events.map(Self.bytes))
    }

    /// Numbers through the slots' last texts are the table's numbers: one per byte sequence, in order of
    /// first sight (a naive reference by bytes), whatever slot asks, composed and decomposed é apart.
    @Test func slotsGiveTheTablesNumbersByBytes() {
        var rng = SplitMix64(seed: 5)
        let texts = ["", "a", "b", "ab", "caf\u{E9}", "cafe\u{301}", "e\u{301}", "\u{E9}", "🚀", "a\u{0}b"]
        let strings = EventStrings()
        var reference: [[UInt8]: Int] = [:]
        for _ in 0..<5_000 {
            let text = texts[Int(rng.next() % UInt64(texts.count))]
            let expected = reference[Array(text.utf8)] ?? reference.count
            reference[Array(text.utf8)] = expected
            let slot = Int(rng.next() % 3)
            let got = slot == 2 ? strings.number(text) : strings.number(text, slot: slot)
            #expect(got == expected, "\(Array(text.utf8)) at slot \(slot)")
            #expect(Array(strings.text(got).utf8) == Array(text.utf8))
        }
    }

    @Test func randomEventsComeBackEqual() {
        var rng = SplitMix64(seed: 11)
        let alphabet = Array("ab é\u{301}x=:/0🚀\n")
        func text(_ max: Int) -> String {
            String((0..<Int.random(in: 0...max, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        }
        func maybe(_ max: Int) -> String? { Bool.random(using: &rng) ? text(max) : nil }
        var events: [Event] = []
        for line in 0..<2000 {
            let message = text(30)
            let pick = { (fallback: String) -> String in
                let chars = Array(message)
                guard chars.count > 1, Bool.random(using: &rng) else { return fallback }
                let a = Int.random(in: 0..<chars.count, using: &rng), b = Int.random(in: a..<chars.count, using: &rng)
                return String(chars[a...b])
            }
            events.append(Event(source: SourceLocation(file: text(3), line: line), time: Bool.random(using: &rng) ? Int64.random(in: .min ... .max, using: &rng) : nil,
                                timeText: maybe(4), host: maybe(4), service: maybe(4), level: maybe(2),
                                executionIDs: (0..<Int.random(in: 0...2, using: &rng)).map { _ in ExecutionID(kind: text(2), value: pick(text(5))) },
                                type: text(3), template: text(5), fields: (0..<Int.random(in: 0...3, using: &rng)).map { _ in Field(name: text(2), value: pick(text(5))) },
                                message: message))
        }
        let back = Self.roundTrip(events)
        #expect(back == events)
        #expect(back.map(Self.bytes) == events.map(Self.bytes))
    }

    /// Where a value is found in its message (`PackedEvent.find`) agrees with a naive search: the first
    /// offset, on many random texts over a small alphabet (many near misses), with empty needles and
    /// needles longer than the text.
    @Test func findGivesTheFirstOffsetAsANaiveSearchDoes() {
        var rng = SplitMix64(seed: 29)
        func naive(_ needle: [UInt8], _ haystack: [UInt8]) -> Int? {
            guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
            return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<$0 + needle.count]) == needle }
        }
        var found = 0
        for _ in 0..<5000 {
            let haystack = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 97...99, using: &rng) }
            let needle = (0..<Int.random(in: 0...5, using: &rng)).map { _ in UInt8.random(in: 97...99, using: &rng) }
            let fast = needle.withUnsafeBufferPointer { n in haystack.withUnsafeBufferPointer { PackedEvent.find(n, in: $0) } }
            #expect(fast == naive(needle, haystack), "\(needle) in \(haystack)")
            if fast != nil { found += 1 }
        }
        #expect(found > 1000 && found < 4900)
    }

    /// An event's values are shared between copies until one is changed: the change (through any
    /// property, in place or by assignment) is the copy's alone, and equality compares values.
    @Test func changingACopyLeavesTheOriginalAlone() {
        let original = Event(source: SourceLocation(file: "a.log", line: 3), time: 5, host: "api-1", type: "T1", template: "sent <*>",
                             fields: [Field(name: "id", value: "7")], message: "sent 7")
        var copy = original
        #expect(copy == original)
        copy.fields.append(Field(name: "to", value: "db-1"))
        copy.time = 6
        copy.host = nil
        copy.source.line += 1
        #expect(original.fields == [Field(name: "id", value: "7")] && original.time == 5 && original.host == "api-1" && original.source.line == 3)
        #expect(copy.fields.count == 2 && copy.time == 6 && copy.host == nil && copy.source.line == 4)
        #expect(copy != original)
        var back = copy
        back.fields.removeLast()
        back.time = 5
        back.host = "api-1"
        back.source.line = 3
        #expect(back == original && copy.fields.count == 2)
    }
}
