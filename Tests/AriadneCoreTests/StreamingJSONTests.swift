import Foundation
import Testing
@testable import AriadneCore

/// `StreamingJSON` writes what `JSONEncoder` (sorted keys, slashes unescaped, pretty or compact)
/// writes, byte for byte: on random value trees, on hand-made edge cases, and on the model file of a
/// real `analyze` run, whose name is the digest of the model's compact JSON.
@Suite struct StreamingJSONTests {
    /// A value of every shape `Encodable` can take: objects with members of each kind, optionals,
    /// dictionaries with arbitrary keys, arrays of arrays, nested containers and super encoders.
    indirect enum Tree: Encodable {
        case object([String: Tree])
        case array([Tree])
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case null
        case record(Record)
        case nested(Tree, Tree)
        case listNested(Tree, Tree)

        func encode(to encoder: Encoder) throws {
            switch self {
            case .object(let members): try members.encode(to: encoder)
            case .array(let elements): try elements.encode(to: encoder)
            case .string(let text): var c = encoder.singleValueContainer(); try c.encode(text)
            case .int(let n): var c = encoder.singleValueContainer(); try c.encode(n)
            case .double(let x): var c = encoder.singleValueContainer(); try c.encode(x)
            case .bool(let b): var c = encoder.singleValueContainer(); try c.encode(b)
            case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
            case .record(let record): try record.encode(to: encoder)
            case .nested(let a, let b):
                // Nested containers and a super encoder, filled after their siblings.
                enum Key: String, CodingKey { case zeta, alpha, inner, list }
                var c = encoder.container(keyedBy: Key.self)
                var inner = c.nestedContainer(keyedBy: Key.self, forKey: .inner)
                var list = c.nestedUnkeyedContainer(forKey: .list)
                try c.encode(a, forKey: .zeta)
                try list.encode(b)
                var deeper = list.nestedUnkeyedContainer()
                try deeper.encode(1)
                try list.encode(a)
                try inner.encode(b, forKey: .alpha)
                try inner.encodeNil(forKey: .zeta)
                try a.encode(to: c.superEncoder())
            case .listNested(let a, let b):
                // An array whose nested containers are filled after later elements.
                enum Key: String, CodingKey { case alpha, beta }
                var list = encoder.unkeyedContainer()
                try list.encode(a)
                var inner = list.nestedContainer(keyedBy: Key.self)
                try list.encode(b)
                var deeper = list.nestedUnkeyedContainer()
                try a.encode(to: list.superEncoder())
                try inner.encode(b, forKey: .beta)
                try inner.encode(a, forKey: .alpha)
                try deeper.encode(b)
            }
        }
    }

    /// A synthesized `Encodable` with optionals (left out when nil) and primitive members.
    struct Record: Encodable {
        var name: String
        var count: Int
        var share: Double?
        var flag: Bool?
        var tags: [String]
        var small: Int8
        var big: UInt64
        var ratio: Float
    }

    static func text(_ random: inout SplitMix64) -> String {
        let pieces = ["a", "B", "z", "_", "-", " ", "/", "\\", "\"", "\n", "\t", "\r", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}",
                      "\u{7F}", "é", "e\u{301}", "ß", "日本", "😀", "10", "9", ":", "<*>", "blk_-12"]
        return String((0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
    }

    static func double(_ random: inout SplitMix64) -> Double {
        switch random.next() % 5 {
        case 0: return Double(Int(random.next() % 2000) - 1000)
        case 1: return Double(random.next() % 1000) / 7
        case 2: return -0.0
        case 3: return Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF) * (random.next() % 2 == 0 ? 1 : -1)
        default: return 1e-7 * Double(random.next() % 100)
        }
    }

    static func tree(_ random: inout SplitMix64, depth: Int) -> Tree {
        switch random.next() % (depth > 3 ? 6 : 11) {
        case 0: return .string(text(&random))
        case 1: return .int(Int(bitPattern: UInt(random.next())) >> Int(random.next() % 64))
        case 2: return .double(double(&random))
        case 3: return .bool(random.next() % 2 == 0)
        case 4: return .null
        case 5:
            return .record(Record(name: text(&random), count: Int(random.next() % 100), share: random.next() % 2 == 0 ? nil : double(&random),
                                  flag: random.next() % 3 == 0 ? nil : random.next() % 2 == 0, tags: (0..<Int(random.next() % 3)).map { _ in text(&random) },
                                  small: Int8(truncatingIfNeeded: random.next()), big: random.next(), ratio: Float(random.next() % 1000) / 8))
        case 6, 7:
            var members: [String: Tree] = [:]
            for _ in 0..<Int(random.next() % 5) { members[text(&random)] = tree(&random, depth: depth + 1) }
            return .object(members)
        case 8: return .array((0..<Int(random.next() % 4)).map { _ in tree(&random, depth: depth + 1) })
        case 9: return .nested(tree(&random, depth: depth + 1), tree(&random, depth: depth + 1))
        default: return .listNested(tree(&random, depth: depth + 1), tree(&random, depth: depth + 1))
        }
    }

    static func expected<T: Encodable>(_ value: T, pretty: Bool) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    @Test func randomTreesAreWrittenAsJSONEncoderWritesThem() throws {
        var random = SplitMix64(seed: 11)
        for index in 0..<1500 {
            let value = Self.tree(&random, depth: 0)
            for pretty in [false, true] {
                let want = try Self.expected(value, pretty: pretty)
                let got = try StreamingJSON.data(value, pretty: pretty)
                #expect(got == want, "tree \(index), pretty \(pretty): \(String(decoding: got, as: UTF8.self)) != \(String(decoding: want, as: UTF8.self))")
                if got != want { return }
            }
        }
    }

    @Test func edgeCases() throws {
        let values: [Tree] = [.object([:]), .array([]), .array([.array([]), .object([:])]), .string(""), .double(2), .double(-0.0),
                              .double(1e300), .double(5e-324), .int(Int.min), .object(["b": .int(1), "a": .int(2), "B": .int(3), "10": .null, "9": .null])]
        for value in values {
            for pretty in [false, true] {
                #expect(try StreamingJSON.data(value, pretty: pretty) == (try Self.expected(value, pretty: pretty)))
            }
        }
        // As JSONEncoder: not a number is refused.
        #expect(throws: EncodingError.self) { _ = try StreamingJSON.data([Double.nan], pretty: false) }
    }

    /// Class members, written from their numbers with each distinct bindings object rendered once, are
    /// written as `JSONEncoder` writes their array: empty, alone, nested in objects and arrays at any
    /// depth, bindings empty or with text to escape, many members in pieces.
    @Test func classMembersAreWrittenAsJSONEncoderWritesThem() throws {
        var random = SplitMix64(seed: 3)
        let keys = ["crash:role:a#1", "b", "delay:edge:x->y~T1", "q\"\\/\n", "é", ""]
        func members(_ count: Int) -> ClassMembers {
            let sets = (0..<4).map { s in Dictionary(uniqueKeysWithValues: keys.prefix(s * 2).map { ($0, "\($0)-\(s)/\u{1}") }) }
            return ClassMembers((0..<count).map { i in
                ClassMember(execution: "blk_\(random.next() % 50)\(i % 3 == 0 ? "\"é\t" : "")", bindings: sets[Int(random.next() % 4)])
            })
        }
        struct Holder: Encodable {
            var members: ClassMembers
            var more: [ClassMembers]
            var name = "class"
        }
        for count in [0, 1, 2, 7, 3_000] {
            let value = Holder(members: members(count), more: [members(count / 2), ClassMembers([])])
            for pretty in [false, true] {
                #expect(try StreamingJSON.data(value, pretty: pretty) == (try Self.expected(value, pretty: pretty)), "\(count), pretty \(pretty)")
                #expect(try StreamingJSON.data(value.members, pretty: pretty) == (try Self.expected(value.members, pretty: pretty)))
            }
        }
    }

    @Test func outputIsHandedOnInPieces() throws {
        let value = (0..<20_000).map { "value \($0) with some text" }
        var pieces = 0, bytes: [UInt8] = []
        try StreamingJSON(pretty: true) { bytes.append(contentsOf: $0); pieces += 1 }.write(value)
        #expect(pieces > 5)
        #expect(bytes == (try Self.expected(value, pretty: true)))
        #expect(try FNV1a.hashJSON(value) == FNV1a.hash(String(decoding: try Self.expected(value, pretty: false), as: UTF8.self)))
    }

    /// The model file a real run writes is the pretty JSON of its `PlanModel`, named after the digest
    /// of the redundancy model's compact JSON, as the JSONEncoder-built file was.
    @Test func theStateDirectorysModelFileIsJSONEncodersAndNamedByItsDigest() throws {
        let state = TestPaths.scratch() + "/state"
        let run = try CLI.run(["analyze", "-q", "--state", state] + AnalyzeCLITests.sample)
        #expect(run.status == 0, "\(run.stderr)")
        let folder = state + "/models"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.count == 1)
        let name = try #require(names.first)
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        let stored = try JSONDecoder().decode(PlanModel.self, from: data)
        #expect(stored.redundancy.outcomes.flatMap(\.classes).count > 0)
        let want = try Self.expected(stored, pretty: true) + Array("\n".utf8)
        #expect(Array(data) == want)
        let digest = "m-" + FNV1a.hex16(FNV1a.hash(String(decoding: try Self.expected(stored.redundancy, pretty: false), as: UTF8.self)))
        #expect(name == digest + ".json")
    }
}
