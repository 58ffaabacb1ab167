import Testing
@testable import AriadneCore

@Suite struct CSVReaderTests {
    func encode(_ field: String) -> String {
        if field.isEmpty || field.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    @Test func readsQuotedFields() {
        let text = "a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\nlines\"\n,,\n"
        #expect(CSVReader.records(text) == [["a", "b", "c"], ["1", "x, \"y\"", "two\nlines"], ["", "", ""]])
        #expect(CSVReader.table(text)[0] == ["a": "1", "b": "x, \"y\"", "c": "two\nlines"])
        #expect(CSVReader.records("") == [])
        #expect(CSVReader.records("solo") == [["solo"]])
    }

    @Test func roundTripsRandomRecords() {
        let alphabet = ["a", "b", ",", "\"", "\n", "\r\n", " ", "é", "🍎", "\r"]
        var random = SplitMix64(seed: 3)
        for _ in 0..<500 {
            let records = (0..<Int.random(in: 1...5, using: &random)).map { _ in
                (0..<Int.random(in: 1...4, using: &random)).map { _ in
                    (0..<Int.random(in: 0...5, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
                }
            }
            let separator = Bool.random(using: &random) ? "\n" : "\r\n"
            var text = records.map { $0.map(encode).joined(separator: ",") }.joined(separator: separator)
            if Bool.random(using: &random) { text += separator }
            #expect(CSVReader.records(text) == records, "\(text.debugDescription)")
        }
    }
}
