import Foundation
import Testing
@testable import AriadneCore

/// The id candidates of a record: hand-made cases, and random messages against a regex reference.
@Suite struct IDCandidateExtractorTests {
    static func event(_ message: String, fields: [(String, String)] = [], host: String? = nil) -> Event {
        Event(source: SourceLocation(file: "x", line: 1), host: host, type: "t", template: "",
              fields: fields.map { Field(name: $0.0, value: $0.1) }, message: message)
    }

    static func found(_ message: String, fields: [(String, String)] = []) -> [String] {
        IDCandidateExtractor().candidates(in: event(message, fields: fields)).map { "\($0.kind)=\($0.value)" }
    }

    @Test func shapesOfIDs() {
        #expect(Self.found("Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106") == ["blk=blk_-1608999687919862906"])
        #expect(Self.found("attempt_200811092030_0001_m_000085_0 done, tx-0a1b, req_42.") ==
                ["attempt=attempt_200811092030_0001_m_000085_0", "tx=tx-0a1b", "req=req_42"])
        #expect(Self.found("GET /api/cart/3F2504E0-4F89-11D3-9A0C-0305E82C3301 ok") == ["uuid=3f2504e0-4f89-11d3-9a0c-0305e82c3301"])
        #expect(Self.found("session 0x14f05578bf8000b, digest 9f86d081884c7d65, word deadbeef, n 12345678") ==
                ["hex=0x14f05578bf8000b", "hex=9f86d081884c7d65"])
        #expect(Self.found("order #1234 for request id 77, requestId: r9, paid 42") ==
                ["order=1234", "request_id=77", "requestid=r9"])
        #expect(Self.found("payment declined order=o-4f1c2a9b, user=\"alice\" retrying") == ["order=o-4f1c2a9b", "user=alice"])
        // A number named by the word before it, as `build #48213` would be; not a count after a function
        // word, a short or zero-led number, or a port after an address.
        #expect(Self.found("build 48213: created, job 5 for build 48213 took 1234 ms in 2048 steps, pid 07712") == ["build=48213"])
        #expect(Self.found("Accepted job for Build 90210 from src: /10.250.19.102:54106") == ["build=90210"])
        // CockroachDB's redaction markers around a value.
        #expect(Self.found(#"={"PlaceholderValues":["‹'vid_Z2kIwFA2hXnK'›","‹'umbrella'›","‹1042›"]}"#) == ["vid=vid_Z2kIwFA2hXnK"])
        #expect(Self.found("utf-8 x86_64 2026-03-14 09:26:53.589 [worker-7]") == ["utf=utf-8", "worker=worker-7"])
        // Random letters of both cases need no digit (base62 ids: one in six of ten characters has none);
        // words in snake, camel or Pascal case, short or one-case values are none.
        #expect(Self.found("Charging for order ord_pJYPavFjpm via 'ord_BoMsBiTNIy': ok") == ["ord=ord_pJYPavFjpm", "ord=ord_BoMsBiTNIy"])
        #expect(Self.found("event evt_OrderCreated evt_orderCreatedAt order_created ord_pErlgZxAfZ ord_ABCDEFGHIJ ord_aBCd ord_pJYP-avFjpm").isEmpty)
        // A few letters run into long hex (Twilio's message sids): kind the letters; short or plain hex runs are not.
        #expect(Self.found("Routing SM2cf782514bee127655715dc69cd08bf0 to vodafone-uk via smpp-a") == ["sm=SM2cf782514bee127655715dc69cd08bf0"])
        #expect(Self.found("SMdeadbeef12 Xylophone1234567890abcdef MMMMM1234567890abcdef12 QUICK").isEmpty)
        // A snowflake id, not a count, an epoch in milliseconds or a zero-padded counter.
        #expect(Self.found("Event 2029919936473878528 stored in 12 ms at 1772805601862, seq 000000000000012345") ==
                ["number=2029919936473878528"])
        // A composite trace header gives its trace id, which the next service logs alone.
        #expect(Self.found("Scan received: traceparent=00-DB5835cd5035fe4aa99e7873a1519054-dc58297c0ef76797-01 b3=80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1") ==
                ["traceparent=00-DB5835cd5035fe4aa99e7873a1519054-dc58297c0ef76797-01", "trace_id=db5835cd5035fe4aa99e7873a1519054",
                 "b3=80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1", "trace_id=80f198ee56343ba864fe8b2a57d3eff7"])
        #expect(Self.found("x", fields: [("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]) ==
                ["traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "trace_id=4bf92f3577b34da6a3ce929d0e0e4736"])
    }

    @Test func fieldsComeFirstAndNameTheirValues() {
        #expect(Self.found("order=o-1 and blk_9 again blk_9", fields: [("order", "o-1"), ("block", "blk_9"), ("msg", "two words")]) ==
                ["order=o-1", "block=blk_9"])
    }

    /// A capture of free text (an access log's trailing fields) is read for ids by shape as the message
    /// is; its `key=value` pairs are not (they are fields of their own, `message_fields`).
    @Test func freeTextFieldsCarryIdsByShape() {
        let extra = " ec500401863fae3b3141340ee74d7caf 10.244.3.105:8080 0.013 rid=r-77"
        #expect(Self.found("\"POST /api/orders HTTP/1.1\" 201", fields: [("extra", extra), ("status", "201")]) ==
                ["status=201", "hex=ec500401863fae3b3141340ee74d7caf"])
    }

    /// A file named by an id: the id is the name without its extension.
    /// A nested JSON object kept as one field (OpenTelemetry's `attributes`) carries ids by shape, as
    /// free text does.
    @Test func aNestedJSONFieldCarriesIdsByShape() {
        let attributes = #"{"messaging.message.id":"9add6443-112d-4c55-b427-eb8739796672","order.id":"ord_7f3a9c21","order.items":5}"#
        #expect(Self.found("order created", fields: [("attributes", attributes)])
                == ["attributes=\(attributes)", "uuid=9add6443-112d-4c55-b427-eb8739796672", "ord=ord_7f3a9c21"])
        // A value of one word is not split; a list is (Spring Cloud Sleuth's `[app,traceId,spanId]`).
        #expect(Self.found("done", fields: [("note", "ord_7f3a9c21;ord_8e1b")]) == ["note=ord_7f3a9c21;ord_8e1b"])
        #expect(Self.found("done", fields: [("note", "ord_7f3a9c21,ord_8e1b")]) == ["note=ord_7f3a9c21,ord_8e1b", "ord=ord_7f3a9c21", "ord=ord_8e1b"])
        #expect(Self.found("hold placed", fields: [("thread", "inventory,75c6acf13c4d5e600d7402c46ea98d90,af24ffcda87ab100")])
                == ["thread=inventory,75c6acf13c4d5e600d7402c46ea98d90,af24ffcda87ab100", "hex=75c6acf13c4d5e600d7402c46ea98d90", "hex=af24ffcda87ab100"])
    }

    /// A zero-padded counter (Kestrel's `RequestId:<connection>:0000000A`) or null id is no hex id; a
    /// random one is, however many zeros it holds after its start.
    @Test func zeroPaddedCountersAreNoIds() {
        #expect(Self.found("Request starting RequestId:0HNTBPQ8NDPKI:0000000A ParentId:0000000000000000 span 0x0000001f").isEmpty)
        #expect(Self.found("span 000a3f9c2b7d41e0 parent 0x00f3a9c2 trace 7f3a00c100000000") ==
                ["hex=000a3f9c2b7d41e0", "hex=0x00f3a9c2", "hex=7f3a00c100000000"])
    }

    /// A payload quoted in the text (a NATS server tracing a message) holds its ids between string
    /// escapes: `\r\n` and `\"` separate tokens as the bytes they stand for would.
    @Test func stringEscapesSeparateTokens() {
        let payload = #"<<- MSG_PAYLOAD: ["NATS/1.0\r\nX-Request-Id: cbcf0f57-74e2-4b71-95fb-9980cf967325\r\n\r\n{\"order\":\"ord_7f3a9c21\"}"]"#
        #expect(Self.found(payload) == ["x-request-id=cbcf0f57-74e2-4b71-95fb-9980cf967325", "ord=ord_7f3a9c21"], "\(Self.found(payload))")
    }

    @Test func fileNamesCarryIds() {
        #expect(Self.found("GetObject thumbs df0c841f-15bf-44df-a58e-cecbd59a0625.mp4 200") == ["uuid=df0c841f-15bf-44df-a58e-cecbd59a0625"])
        #expect(Self.found("wrote part-00382.gz and v1.2") == ["part=part-00382"])
    }

    @Test func onlyTheChosenKindsAndSources() {
        let extractor = IDCandidateExtractor(kinds: ["req"], sources: [.prefix])
        let found = extractor.candidates(in: Self.event("req_1 tx-2 req=3", fields: [("req", "4")]))
        #expect(found.map(\.value) == ["req_1"])
    }

    /// The rules of `IDCandidateExtractor` written with regular expressions, token by token.
    static func reference(_ message: String) -> [String] {
        func match(_ pattern: String, _ text: String) -> [String]? {
            let regex = try! NSRegularExpression(pattern: pattern)
            let range = NSRange(text.startIndex..., in: text)
            guard let m = regex.firstMatch(in: text, range: range) else { return nil }
            return (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : String(text[Range(m.range(at: $0), in: text)!]) }
        }
        func trim(_ s: String) -> String {
            var t = s
            while let f = t.first, "\"'`".contains(f) { t.removeFirst() }
            while let l = t.last, ".:!?\"'`".contains(l) { t.removeLast() }
            return t
        }
        func word(_ s: String) -> String? {
            var t = s
            while let l = t.last, "#.:!?\"'`".contains(l) { t.removeLast() }
            return match("^[A-Za-z][A-Za-z_-]{0,29}$", t) != nil ? t : nil
        }
        // Each token with where its text (quotes and trailing punctuation trimmed) lies in the message.
        var located: [(text: String, range: Range<String.Index>)] = []
        for piece in message.split(whereSeparator: { " \t\n\r,;()[]{}<>|".contains($0) }) {
            let text = trim(String(piece))
            guard !text.isEmpty else { continue }
            let start = message.index(piece.startIndex, offsetBy: piece.prefix { "\"'`".contains($0) }.count)
            located.append((text, start..<message.index(start, offsetBy: text.count)))
        }
        let tokens = located.map(\.text)
        // Whether only blanks or a colon part each token from the one before.
        let spaced = located.indices.map { i in
            i > 0 && message[located[i - 1].range.upperBound..<located[i].range.lowerBound].allSatisfy { " \t:".contains($0) }
        }
        var out: [String] = []
        for (i, token) in tokens.enumerated() {
            if let kv = match("^([A-Za-z_][A-Za-z0-9_.-]{0,39})=(.*)$", token) {
                let value = trim(kv[2])
                // A placeholder (`-`, `null`, `N/A`) is no id.
                let placeholder = match("^[^A-Za-z0-9\\u0080-\\U0010FFFF]*$", value) != nil
                    || ["null", "nil", "none", "n/a", "undefined", "unknown", "unset"].contains(value.lowercased())
                    || (match("^[^A-Za-z1-9\\u0080-\\U0010FFFF]*$", value) != nil && value.filter { $0 == "0" }.count >= 8)
                if !value.isEmpty, !value.hasPrefix("="), !placeholder {
                    out.append("\(kv[1])=\(value)")
                    // A composite trace header gives its trace id too (W3C traceparent, B3 single).
                    if let m = match("^[0-9a-fA-F]{2}-([0-9a-fA-F]{32})-[0-9a-fA-F]{16}-[0-9a-fA-F]{2}$", value)
                        ?? match("^([0-9a-fA-F]{16}|[0-9a-fA-F]{32})-[0-9a-fA-F]{16}(?:-.(?:-[0-9a-fA-F]{16})?)?$", value),
                       m[1].contains(where: { $0 != "0" }) {
                        out.append("trace_id=\(m[1].lowercased())")
                    }
                    continue
                }
            }
            // A prefixed id of random letters in both cases (two capitals in a row) needs no digit.
            func letterID(_ part: String) -> String? {
                guard let m = match("^([A-Za-z]{1,24})[_-]([A-Za-z]{8,})$", part), match("[a-z]", m[2]) != nil,
                      match("[A-Z]{2}", m[2]) != nil else { return nil }
                return "\(m[1].lowercased())=\(part)"
            }
            guard token.contains(where: \.isNumber) || (token.contains(where: { "_-".contains($0) }) && token.contains(where: \.isUppercase))
            else { continue }
            let previous = i > 0 ? word(tokens[i - 1]) : nil
            for rawPart in token.split(whereSeparator: { "/:@=".contains($0) }) {
                let part = trim(String(rawPart))
                guard part.contains(where: { $0.isASCII && $0.isNumber }) else {
                    if let id = letterID(part) { out.append(id) }
                    continue
                }
                if let m = match("^#([A-Za-z0-9_.-]+)$", part) {
                    out.append("\(previous?.lowercased() ?? "#")=\(m[1])")
                } else if let label = previous, match("^(?:[Ii][Dd]|.*[_-][Ii][Dd]|.+I[Dd])$", label) != nil,
                          match("^[A-Za-z0-9_.-]+$", part) != nil {
                    if label.lowercased() == "id", i > 1, let owner = word(tokens[i - 2])?.lowercased(), owner != "id" {
                        out.append("\(owner)_id=\(part)")
                    } else {
                        out.append("\(label.lowercased())=\(part)")
                    }
                } else if let label = previous, label.count >= 3, !IDCandidateExtractor.functionWords.contains(label.lowercased()),
                          part == token, spaced[i], match("^[1-9][0-9]{3,11}$", part) != nil {
                    out.append("\(label.lowercased())=\(part)")
                } else if match("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", part) != nil {
                    out.append("uuid=\(part.lowercased())")
                } else if let m = match("^([A-Za-z]{1,24})[_-]([A-Za-z0-9_.-]*[0-9][A-Za-z0-9_.-]*)$", part) {
                    out.append("\(m[1].lowercased())=\(part)")
                } else if let digits = match("^0[xX]([0-9a-fA-F]{4,})$", part)?[1]
                            ?? (part.contains(where: \.isLetter) ? match("^([0-9a-fA-F]{8,})$", part)?[1] : nil),
                          // Leading zeros for half the digits (four at least): a counter, not an id.
                          digits.prefix(while: { $0 == "0" }).count < max(4, digits.count / 2) {
                    out.append("hex=\(part.lowercased())")
                } else if match("^[1-9][0-9]{14,19}$", part) != nil {
                    out.append("number=\(part)")
                }
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    @Test func randomMessagesMatchTheRegexReference() {
        var random = SplitMix64(seed: 42)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        func hex(_ n: Int) -> String { GeneratedRequests.hex(&random, n) }
        let makers: [() -> String] = [
            { pick(["INFO", "step", "done", "order", "request", "id", "ID", "requestId", "user_id", "paid", "#", "-", "=", "x="]) },
            { "\(random.next() % 100_000)" },
            { pick(["", "0", "1"]) + String(String(random.next()).prefix(Int(random.next() % 9) + 12)) },
            { "tp=" + pick(["00-\(hex(32))-\(hex(16))-01", "\(hex(32))-\(hex(16))-1", "\(hex(16))-\(hex(16))", "00-\(hex(31))-\(hex(16))-01",
                            "\(hex(16))-\(hex(16))-d-\(hex(16))", "00-" + String(repeating: "0", count: 32) + "-\(hex(16))-01"]) },
            { pick(["order", "req", "k.v", "_t", "9a"]) + "=" + pick(["o-\(hex(6))", "\"q\"", "", "=x", "42", "a b"]) },
            { pick(["blk", "req", "tx", "attempt", "Worker", "a"]) + pick(["_", "-", "_-"]) + pick([hex(5), "x", "12", "m_0"]) },
            { GeneratedRequests.uuid(&random) },
            { pick(["", "0x"]) + hex(Int(random.next() % 14) + 2) },
            { "#" + hex(3) },
            { "/api/" + hex(4) + "/" + pick(["req_7", "v1", "x:9"]) },
            { pick(["09:26:53.589", "2026-03-14", "10.0.0.1:5000", "user@host-3", "a.b.c"]) },
            { pick(["ord", "Evt", "a"]) + pick(["_", "-"])
                + pick(["pJYPavFjpm", "OrderCreated", "orderCreatedAt", "ABCDEFGHIJ", "aBCdefg", "pErlgZxAfZ", "qQRstuvwXYz", "aB:CDefghij"]) },
        ]
        var total = 0
        for _ in 0..<2000 {
            var message = ""
            for _ in 0..<Int(random.next() % 10) {
                message += pick(makers)()
                message += pick([" ", " ", ", ", "; ", " (", ") ", "[", "] ", ". ", ": ", "\t", "'", "\""])
            }
            let found = Self.found(message)
            total += found.count
            #expect(found == Self.reference(message), "\(message)")
        }
        #expect(total > 2000)
    }
}
