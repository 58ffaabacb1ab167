import Foundation
import Testing
@testable import AriadneCore

@Suite struct LineReaderTests {
    /// Batches never have more pieces than workers, every piece is whole lines, and nothing is lost.
    @Test func batchesSplitIntoAtMostOnePiecePerWorkerOnRandomInputs() throws {
        var random = SplitMix64(seed: 11)
        for _ in 0..<200 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...60, using: &random) {
                bytes += Array(repeating: UInt8(ascii: "x"), count: Int.random(in: 0...40, using: &random)) + [10]
            }
            if Bool.random(using: &random) { bytes += [UInt8(ascii: "y"), UInt8(ascii: "z")] }
            let path = TestPaths.file(bytes)
            let chunks = Int.random(in: 1...4, using: &random)
            var reader = LineReader(source: try FileDescriptorSource(path: path), maxLineBytes: 1 << 20, live: false, wait: nil)
            var joined: [UInt8] = []
            var atEnd = false
            var rounds = 0
            while !atEnd && rounds < 1000 {
                let next = try reader.nextBatch(chunkBytes: Int.random(in: 1...64, using: &random), chunks: chunks)
                #expect(next.batch.count <= chunks)
                for piece in next.batch {
                    #expect(piece.last == 10)
                    joined += piece
                }
                atEnd = next.atEnd
                rounds += 1
            }
            let expected = bytes.isEmpty || bytes.last == 10 ? bytes : bytes + [10]
            #expect(joined == expected)
        }
    }

    /// Empty lines put a newline at every split point, the case where rounding down made an extra piece.
    @Test func emptyLinesDoNotMakeAnExtraPiece() throws {
        for count in 1...9 {
            let path = TestPaths.file([UInt8](repeating: 10, count: count))
            var reader = LineReader(source: try FileDescriptorSource(path: path), maxLineBytes: 1 << 20, live: false, wait: nil)
            let next = try reader.nextBatch(chunkBytes: 1 << 16, chunks: 2)
            #expect(next.batch.count <= 2, "\(count) empty lines")
            #expect(next.batch.reduce(0) { $0 + $1.count } == count)
        }
    }
}
