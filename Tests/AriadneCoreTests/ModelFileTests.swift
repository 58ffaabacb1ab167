import Foundation
import Testing
@testable import AriadneCore

/// Model files are input too: counters that no inference could write are refused, and sums that do not
/// fit are errors, never a trap.
@Suite struct ModelFileTests {
    static func model() throws -> CausalModel {
        let events = (0..<30).map { i in
            Event(source: SourceLocation(file: "m", line: i), time: Int64(i) * 1_000_000_000,
                  executionIDs: [ExecutionID(kind: "req", value: "r\(i / 3)")], type: "t\(i % 3)", template: "", message: "")
        }
        let grouper = ExecutionGrouper()
        for e in events { _ = grouper.add(e) }
        return CausalModel.infer(grouper.finish())
    }

    /// The model's JSON with `edit` applied to its object.
    static func edited(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: try model().jsonData()) as! [String: Any]
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test func aModelReadsBackUnchanged() throws {
        let model = try Self.model()
        #expect(try CausalModel.read(json: model.jsonData()) == model)
    }

    @Test func inconsistentCountersAreRefused() throws {
        let edits: [(inout [String: Any]) -> Void] = [
            { $0["executions"] = -1 },
            { o in var t = o["types"] as! [[String: Any]]; t[0]["multiplicity"] = []; o["types"] = t },
            { o in var t = o["types"] as! [[String: Any]]; t[0]["executions"] = Int.max; o["types"] = t },
            { o in var p = o["pairs"] as! [[String: Any]]; p[0]["a"] = "nope"; o["pairs"] = p },
            { o in var p = o["pairs"] as! [[String: Any]]; p[0]["together"] = Int.min; o["pairs"] = p },
            { o in var p = o["pairs"] as! [[String: Any]]; p[0]["supports"] = 1_000; o["pairs"] = p },
        ]
        for (index, edit) in edits.enumerated() {
            let data = try Self.edited(edit)
            #expect(throws: ModelError.self, "edit \(index)") { _ = try CausalModel.read(json: data) }
        }
    }

    @Test func mergingCountsThatDoNotFitIsAnError() throws {
        var a = try Self.model()
        a.executions = Int.max
        let b = try Self.model()
        #expect(throws: ModelError.countOverflow("executions")) { try CausalModel.merge(a, b) }
        var c = try Self.model()
        c.pairs[0].together = Int.max
        #expect(throws: ModelError.countOverflow("pairs.together")) { try CausalModel.merge(c, b) }
        #expect(ModelError.countOverflow("executions").description.contains("does not fit"))
    }
}
