import Testing
@testable import AriadneCore

@Suite struct PCRE2Tests {
    @Test func namedGroupsAndRanges() throws {
        let regex = try CompiledRegex(#"^(?<level>[A-Z]+) (?<message>.*)$"#)
        #expect(regex.names.map(\.name) == ["level", "message"])
        #expect(regex.isJIT)
        let matcher = regex.makeMatcher()
        var text = "WARN disk full"
        let matched = try text.withUTF8 { try matcher.matches($0) }
        #expect(matched)
        #expect(matcher.range(1) == 0..<4)
        #expect(matcher.range(2) == 5..<14)
        #expect(try matcher.matches("warn lower") == false)
    }

    @Test func compileErrorsCarryTheOffset() {
        #expect(throws: RegexError.self) { try CompiledRegex("abc(def") }
        do {
            _ = try CompiledRegex("ab[c")
        } catch RegexError.compile(_, let offset, let message) {
            #expect(offset == 4)
            #expect(message.contains("missing terminating ]"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func pathologicalPatternHitsALimitInsteadOfHanging() throws {
        let regex = try CompiledRegex(#"^(a+)+$"#)
        let matcher = regex.makeMatcher(limits: MatchLimits(matchLimit: 100_000, depthLimit: 1000, jitStackBytes: 1 << 20))
        let subject = String(repeating: "a", count: 40) + "b"
        #expect(throws: RegexError.self) { try matcher.matches(subject) }
    }

    @Test func matchesArbitraryBytesIncludingInvalidUTF8AndNUL() throws {
        let matcher = try CompiledRegex(#"x\x00y.z"#).makeMatcher()
        let bytes: [UInt8] = [0x78, 0x00, 0x79, 0xFF, 0x7A]
        #expect(try bytes.withUnsafeBufferPointer { try matcher.matches($0) })
    }
}
