import Foundation
import Testing
@testable import AriadneCore

@Suite struct AtomicFileTests {
    @Test func writesCreateDirectoriesReplaceWholeFilesAndLeaveNoTemporary() throws {
        let directory = TestPaths.scratch()
        let path = directory + "/a/b/plan.json"
        try AtomicFile.write(Data("first version, longer than the second\n".utf8), to: path)
        try AtomicFile.write(Data("second\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/a/b") == ["plan.json"])
    }

    @Test func aPathThatCannotBeWrittenThrowsNamingIt() throws {
        let file = TestPaths.file("x", name: "blocker")
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write(Data("y".utf8), to: file + "/inside.json") }
        do {
            try AtomicFile.write(Data("y".utf8), to: file + "/inside.json")
        } catch {
            #expect("\(error)".contains(file + "/inside.json"))
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "x", "the blocking file is untouched")
    }
}
