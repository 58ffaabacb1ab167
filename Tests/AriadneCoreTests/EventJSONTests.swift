import Foundation
import Testing
@testable import AriadneCore

@Suite struct EventJSONTests {
    /// The word-at-a-time escaper against JSON's own reading, on strings dense in bytes that need escaping.
    @Test func escapedStringsReadBackExactly() throws {
        var random = SplitMix64(seed: 3)
        let alphabet: [Character] = ["a", "b", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1f}", "é", "→", " ", "/", "Z"]
        for _ in 0..<2000 {
            let length = Int.random(in: 0...40, using: &random)
            let text = String((0..<length).map { _ in
                Int.random(in: 0..<4, using: &random) == 0 ? alphabet.randomElement(using: &random)! : "x"
            })
            let out = ByteBuffer()
            EventJSON.string(text, to: out)
            let json = Data("[".utf8) + Data(out.bytes) + Data("]".utf8)
            let back = try JSONSerialization.jsonObject(with: json) as? [String]
            #expect(back == [text])
        }
    }

    @Test func wordTestAgreesWithTheTable() {
        var random = SplitMix64(seed: 5)
        for _ in 0..<20000 {
            var word: UInt64 = 0
            var expected = false
            for shift in stride(from: 0, to: 64, by: 8) {
                let byte = UInt8.random(in: 0...255, using: &random) | (Bool.random(using: &random) ? 0x40 : 0)
                expected = expected || byte < 32 || byte == 34 || byte == 92
                word |= UInt64(byte) << UInt64(shift)
            }
            #expect(EventJSON.needsEscape(word) == expected)
        }
    }
}
