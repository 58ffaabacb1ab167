import Foundation
import Testing
@testable import AriadneCore

/// The masking rules of `TemplateMiner.mask` written plainly over Unicode scalars, as a reference.
enum ReferenceMask {
    static let spaces = Set(" \t\r\u{0B}\u{0C}".unicodeScalars)
    static let cuts = Set("=,;:()[]{}<>\"'|".unicodeScalars)
    static let dateNames: Set<String> = {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday",
        ]
        return Set(names.flatMap { [$0, String($0.prefix(3)), $0.uppercased(), String($0.prefix(3)).uppercased()] } + ["Sept"])
    }()

    /// The first line masked; when it holds one token or none, with the first of the next four lines that
    /// starts, after its indent, with an ASCII letter or digit and is no stack trace's.
    static func mask(_ message: String) -> String {
        // Scalars, not characters: `\r\n` is one character.
        let lines = message.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        var tokens = maskLine(Array(lines[0]))
        if tokens.count <= 1 {
            for line in lines.dropFirst().prefix(4) {
                let body = line.drop { $0 == " " || $0 == "\t" }
                guard let first = body.first, first.isASCII,
                      ("a"..."z").contains(first) || ("A"..."Z").contains(first) || ("0"..."9").contains(first) else { continue }
                var text = String(String.UnicodeScalarView(body))
                if text.withUTF8({ RecordParser.looksLikeContinuation($0) }) { continue }
                tokens += maskLine(Array(body))
                break
            }
        }
        for position in stride(from: tokens.count - 2, through: 0, by: -1)
        where dateNames.contains(tokens[position]) && tokens[position + 1].hasPrefix("<*>") {
            tokens[position] = "<*>"
        }
        var collapsed: [String] = []
        for token in tokens where !(token == "<*>" && collapsed.last == "<*>") { collapsed.append(token) }
        return collapsed.joined(separator: " ")
    }

    /// One line's masked tokens, before date names and runs of `<*>` are folded.
    static func maskLine(_ chars: [Unicode.Scalar]) -> [String] {
        var tokens: [String] = []
        var current = ""
        var index = 0
        func isOther(_ position: Int) -> Bool { !spaces.contains(chars[position]) && !cuts.contains(chars[position]) }
        func url(at position: Int) -> Bool {
            let rest = String(String.UnicodeScalarView(chars[position...]))
            return rest.range(of: "^[A-Za-z][A-Za-z0-9+.\\-]{0,31}://", options: .regularExpression) != nil
        }
        func urlEnd(_ position: Int) -> Int {
            var cursor = position
            while cursor < chars.count, !spaces.contains(chars[cursor]), !"\"'<>".unicodeScalars.contains(chars[cursor]) { cursor += 1 }
            return cursor
        }
        func pieceEnd(_ position: Int) -> Int {
            var cursor = position
            while cursor < chars.count, isOther(cursor) { cursor += 1 }
            return cursor
        }
        while index < chars.count {
            let char = chars[index]
            if spaces.contains(char) {
                if !current.isEmpty { tokens.append(current); current = "" }
                index += 1
            } else if cuts.contains(char) {
                current.unicodeScalars.append(char)
                index += 1
                if char == "=", index < chars.count {
                    let next = chars[index]
                    if next == "\"" || next == "'" {
                        if let close = chars[(index + 1)...].firstIndex(of: next) {
                            current += close > index + 1 ? "\(next)<*>\(next)" : "\(next)\(next)"
                            index = close + 1
                        }
                    } else if isOther(index) {
                        current += "<*>"
                        if url(at: index) {
                            index = urlEnd(index)
                        } else {
                            // An unquoted value runs on through each `:` followed by more of it.
                            index = pieceEnd(index)
                            while index + 1 < chars.count, chars[index] == ":", isOther(index + 1) { index = pieceEnd(index + 1) }
                        }
                    }
                }
            } else if url(at: index) {
                current += "<*>"
                index = urlEnd(index)
            } else {
                let stop = pieceEnd(index)
                let piece = String(String.UnicodeScalarView(chars[index..<stop]))
                let lowered = String(piece.unicodeScalars.map { ("A"..."Z").contains($0) ? Character(Unicode.Scalar($0.value + 32)!) : Character($0) })
                let variable = (piece.hasPrefix("/") && piece.unicodeScalars.count > 1)
                    || piece.unicodeScalars.contains { ("0"..."9").contains($0) || $0 == "\\" }
                    || ["true", "false", "null"].contains(lowered)
                current += variable ? "<*>" : piece
                index = stop
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}

@Suite struct TemplateMinerTests {
    static let dataRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data").standardized.path

    @Test func masksTheVariableParts() {
        let cases: [(String, String)] = [
            ("PacketResponder 1 for block blk_-6952295868487656571 terminating",
             "PacketResponder <*> for block <*> terminating"),
            ("Received connection request /10.10.34.11:45307", "Received connection request <*>:<*>"),
            ("reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed",
             "reverse mapping checking getaddrinfo for ns.example.com [<*>] failed"),
            ("workerEnv.init() ok /etc/httpd/conf/workers2.properties", "workerEnv.init() ok <*>"),
            ("fetch http://example.com/a?b=c&d=(e) done", "fetch <*> done"),
            ("req 38101a0b-2096-447d-96ea-a692162415ae at 0x7fed806eb5d", "req <*> at <*>"),
            ("acquire lock=233570404, flags=0x1, tag=\"View Lock\", name=com.android.systemui, ws=null",
             "acquire lock=<*>, flags=<*>, tag=\"<*>\", name=<*>, ws=<*>"),
            ("logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4",
             "logname= uid=<*> euid=<*> tty=<*> ruser= rhost=<*>"),
            ("connection from 1.2.3.4 () at Fri Jul 22 09:20:32 2005", "connection from <*> () at <*> <*>:<*>:<*> <*>"),
            ("updateClipping isOverlap:false ok:TRUE", "updateClipping isOverlap:<*> ok:<*>"),
            ("BLOCK* ask 10.0.0.1:50010 to delete blk_1 blk_2 blk_3", "BLOCK* ask <*>:<*> to delete <*>"),
            ("Loaded C:\\Windows\\cbscore.dll", "Loaded C:<*>"),
            ("a  b\t\tc\r", "a b c"),
            ("value is <*> already", "value is <*> already"),
            ("x == y and key='' and a=", "x == y and key='' and a="),
            ("May I help", "May I help"),
            // A header of one token takes its body line (ASP.NET Core's console), never a stack frame.
            ("Orders.CheckoutController[0]\n      => SpanId:ab12 => RequestPath:/orders\n      Order 42 created\n      more",
             "Orders.CheckoutController[<*>] Order <*> created"),
            ("Boom\n\tat com.x.Y.run(Y.java:1)\nCaused by: java.io.IOException: x", "Boom"),
            ("two words\n      Order 42 created", "two words"),
        ]
        for (message, expected) in cases {
            #expect(TemplateMiner.mask(message) == expected, "\(message)")
        }
    }

    @Test func masksLikeTheReferenceOnRandomMessages() {
        let parts = [
            "a", "b", "Jul", "Fri", "true", "NULL", "x1", "42", "0x1f", "/usr/bin", "/", "C:\\x",
            "http://h/p?q=1", "ftp://x", "é", "日本", "=", "\"", "'", ",", ":", "(", ")", "[", "]", "<*>",
            "-", ".", " ", "  ", "\t", "\n", "\r", "key=", "k=v", "k=\"a b\"", "🍎", "\u{FFFD}",
        ]
        var random = SplitMix64(seed: 7)
        for _ in 0..<3000 {
            let count = Int.random(in: 0...14, using: &random)
            let message = (0..<count).map { _ in parts.randomElement(using: &random)! }.joined()
            #expect(TemplateMiner.mask(message) == ReferenceMask.mask(message), "\(message.debugDescription)")
        }
    }

    @Test func differentNamedConstantsNeverJoin() {
        let miner = TemplateMiner()
        let agent = miner.mine("Session: 30546174_23668360 initialized by client WindowsUpdateAgent.")
        let spp = miner.mine("Session: 30546354_3271199282 initialized by client SPP.")
        #expect(agent.typeID != spp.typeID)
        #expect(spp.template == "Session: <*> initialized by client SPP.")
        let cyrus = miner.mine("session closed for user cyrus")
        let news = miner.mine("session closed for user news")
        #expect(cyrus.typeID == news.typeID)
        #expect(news.template == "session closed for user <*>")
        let alice = miner.mine("order placed by Alice today")
        let bob = miner.mine("order placed by Bob today")
        #expect(alice.typeID == bob.typeID, "a capitalised word alone is not a named constant")
        #expect(TemplateMiner.isNamedConstant("CONTAINER_REMOTE_LAUNCH"))
        #expect(TemplateMiner.isNamedConstant("org.apache.EventType"))
        #expect(!TemplateMiner.isNamedConstant("Alice"))
        #expect(!TemplateMiner.isNamedConstant("Session:"))
        #expect(!TemplateMiner.isNamedConstant("R2D2"))
    }

    @Test func emptyAndBlankMessagesHaveTheEmptyTemplate() {
        let miner = TemplateMiner()
        let empty = miner.mine("")
        let blank = miner.mine("  \t \r")
        #expect(TemplateMiner.mask("") == "")
        #expect(empty.template == "")
        #expect(blank == empty)
        #expect(empty.typeID == TemplateMiner.typeID(of: ""))
    }

    /// A `key=value`'s value joined by colons (a namespaced cache key, `host:port`, a time) is one value:
    /// a cache hit on any key is one type, not one per key's last part.
    @Test func aKeyValueJoinedByColonsIsOneValue() {
        #expect(TemplateMiner.mask("cache hit key=flags:prod:cdn-images") == "cache hit key=<*>")
        #expect(TemplateMiner.mask("dial addr=orders:8080 at=10:11:12") == "dial addr=<*> at=<*>")
        #expect(TemplateMiner.mask("for key=ord_X: dial tcp") == "for key=<*>: dial tcp")
        let miner = TemplateMiner()
        let types = Set(["flags:prod:cdn-images", "flags:prod:dark-mode", "flags:staging:promo-banner"].map { miner.mine("cache hit key=\($0)").typeID })
        #expect(types.count == 1)
    }

    @Test func multiLineMessagesAreTypedByTheirFirstLine() {
        let miner = TemplateMiner()
        let alone = miner.mine("Exception in worker 3")
        let withTrace = miner.mine("Exception in worker 7\n\tat Foo.bar(Foo.java:12)\n\tat Main.main(Main.java:3)")
        #expect(withTrace == alone)
        #expect(withTrace.template == "Exception in worker <*>")
        #expect(TemplateMiner.mask("first 1\r\nsecond 2") == "first <*>")
    }

    @Test func veryLongLinesAreMasked() {
        let words = String(repeating: "word 12 ", count: 131_072)
        let miner = TemplateMiner()
        let mined = miner.mine(words)
        #expect(mined.template.hasPrefix("word <*> word <*>"))
        #expect(mined.template.utf8.count == 131_072 * "word <*> ".utf8.count - 1)
        let oneToken = String(repeating: "x", count: 1 << 20)
        #expect(miner.mine(oneToken).template == oneToken)
        #expect(miner.mine(oneToken + "9").template == "<*>")
    }

    @Test func invalidUTF8AndUnicodePassThrough() {
        let invalid = String(decoding: [0x66, 0x6f, 0xff, 0xfe, 0x20, 0x31, 0x32, 0x20, 0xc3] as [UInt8], as: UTF8.self)
        let miner = TemplateMiner()
        #expect(miner.mine(invalid).template == "fo\u{FFFD}\u{FFFD} <*> \u{FFFD}")
        #expect(TemplateMiner.mask("Benutzer Jürgen hat 5 Äpfel 🍎 ключ=значение") == "Benutzer Jürgen hat <*> Äpfel 🍎 ключ=<*>")
    }

    @Test func typeIDsAreFNV1aOfTheFirstTemplate() {
        #expect(FNV1a.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash("foobar") == 0x8594_4171_f739_67e8)
        #expect(TemplateMiner.typeID(of: "foobar") == "T85944171f73967e8")
        #expect(TemplateMiner.typeID(of: "") == "Tcbf29ce484222325")
    }

    @Test func idsStayWhenTheTemplateWidens() {
        let miner = TemplateMiner(configuration: .init(similarityThreshold: 0.5))
        let first = miner.mine("Invalid user alice from 1.2.3.4 port 22")
        let second = miner.mine("Invalid user bob from 5.6.7.8 port 22")
        let again = miner.mine("Invalid user alice from 9.9.9.9 port 22")
        #expect(first.typeID == TemplateMiner.typeID(of: "Invalid user alice from <*> port <*>"))
        #expect(first.template == "Invalid user alice from <*> port <*>")
        #expect(second.typeID == first.typeID)
        #expect(second.template == "Invalid user <*> from <*> port <*>")
        #expect(again == second)
        #expect(miner.clusterCount == 1)
    }

    @Test func differentStatementsGetDifferentTypes() {
        let miner = TemplateMiner()
        let opened = miner.mine("Session opened for user 12")
        let closed = miner.mine("Connection closed by peer 12")
        #expect(opened.typeID != closed.typeID)
        #expect(miner.clusterCount == 2)
    }

    @Test func theClusterCapStopsClustering() {
        let miner = TemplateMiner(configuration: .init(maxClusters: 2))
        _ = miner.mine("alpha one")
        _ = miner.mine("beta two three")
        let third = miner.mine("gamma four five six 7")
        #expect(third == MinedTemplate(typeID: TemplateMiner.typeID(of: "gamma four five six <*>"), template: "gamma four five six <*>"))
        #expect(miner.unclusteredCount == 1)
        #expect(miner.clusterCount == 2)
        #expect(miner.mine("alpha one").template == "alpha one")
    }

    /// Messages drawn from a few statements with word and number slots.
    static func randomMessages(seed: UInt64, count: Int) -> [String] {
        let statements = [
            "Invalid user %w from %n", "Accepted password for %w from %n port %n ssh2",
            "session opened for user %w by %w", "Connection closed by %n [preauth]", "open %w %w failed",
            "%w %w %w", "job %n finished in %n ms", "%w started", "%w stopped",
        ]
        let words = ["root", "alice", "bob", "test", "admin", "data", "index", "cache"]
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var message = ""
            for piece in statements.randomElement(using: &random)!.split(separator: " ", omittingEmptySubsequences: false) {
                if !message.isEmpty { message += " " }
                switch piece {
                case "%w": message += words.randomElement(using: &random)!
                case "%n": message += String(Int.random(in: 0...99_999, using: &random))
                default: message += piece
                }
            }
            return message
        }
    }

    @Test func miningKeepsItsInvariantsOnRandomMessages() {
        for seed in 1...20 as ClosedRange<UInt64> {
            let messages = Self.randomMessages(seed: seed, count: 400)
            let threshold = [0.3, 0.5, 0.75, 0.9][Int(seed % 4)]
            let configuration = TemplateMiner.Configuration(similarityThreshold: threshold, depth: 2 + Int(seed % 4))
            let miner = TemplateMiner(configuration: configuration)
            let results = messages.map { miner.mine($0) }
            var firstTemplate: [String: String] = [:]
            var typeOfMasked: [String: String] = [:]
            for (message, result) in zip(messages, results) {
                let masked = TemplateMiner.mask(message)
                if firstTemplate[result.typeID] == nil {
                    firstTemplate[result.typeID] = masked
                    #expect(result.typeID == TemplateMiner.typeID(of: masked))
                }
                #expect(typeOfMasked[masked, default: result.typeID] == result.typeID)
                typeOfMasked[masked] = result.typeID
                let tokens = masked.split(separator: " ")
                let templateTokens = result.template.split(separator: " ")
                #expect(tokens.count == templateTokens.count)
                #expect(zip(tokens, templateTokens).allSatisfy { $0 == $1 || $1 == "<*>" })
            }
            let again = TemplateMiner(configuration: configuration)
            #expect(messages.map { again.mine($0) } == results)
            #expect(messages.map { miner.mine($0).typeID } == results.map(\.typeID))
            #expect(Set(results.map(\.typeID)).count == miner.clusterCount)
        }
    }

    /// Drain's published group accuracy per loghub 2k sample, and the similarity each needs.
    static let loghub: [(name: String, drain: Double, similarity: Double)] = [
        ("Android", 0.911, 0.75), ("Apache", 1.0, 0.75), ("HDFS", 0.998, 0.75), ("Hadoop", 0.948, 0.75),
        ("Linux", 0.690, 0.75), ("OpenSSH", 0.788, 0.75), ("OpenStack", 0.733, 0.75), ("Spark", 0.920, 0.75),
        ("Windows", 0.997, 0.85), ("Zookeeper", 0.967, 0.75),
    ]

    @Test(arguments: loghub.map(\.name))
    func groupAccuracyReachesDrainOnLoghub(_ name: String) throws {
        let dataset = try #require(Self.loghub.first { $0.name == name })
        let path = "\(Self.dataRoot)/loghub_2k/\(name)/\(name)_2k.log_structured_corrected.csv"
        let rows = CSVReader.table(try String(contentsOfFile: path, encoding: .utf8))
        #expect(rows.count == 2000)
        let miner = TemplateMiner(configuration: .init(similarityThreshold: dataset.similarity))
        let predicted = rows.map { miner.mine($0["Content"] ?? "").typeID }
        let accuracy = GroupAccuracy.accuracy(predicted: predicted, truth: rows.map { $0["EventId"] ?? "" })
        #expect(accuracy >= dataset.drain, "\(name): \(accuracy) < Drain's \(dataset.drain)")
    }
}
