import Testing
@testable import AriadneCore

@Suite struct InferTemplatesTests {
    func model(_ events: [Event]) -> CausalModel {
        // An explicit skew: both halves are ordered alike, so their models merge into exactly the whole's.
        let pipeline = InferencePipeline(grouping: GroupingOptions(groupBy: ["trace"]), inference: InferenceOptions(skew: 1_000_000),
                                         keepExecutions: false)
        for event in events { pipeline.add(event) }
        return pipeline.finish()
    }

    @Test func minedTypesKeepReadableTemplatesThatMergeExactly() throws {
        let events = try Ariadne.parse(paths: [TestPaths.root + "/Samples/trainticket/08_50_log_head300.csv"])
        let whole = model(events)
        let templates = try #require(whole.templates)
        #expect(!templates.isEmpty)
        #expect(templates.keys.allSatisfy { $0.hasPrefix("T") })
        let type = try #require(templates.keys.sorted().first)
        #expect(whole.display(type).hasPrefix(type + " \""))
        #expect(whole.display("not-mined") == "not-mined")

        let traces = Set(events.compactMap { $0.executionIDs.first?.value }).sorted()
        let firstHalf = Set(traces.prefix(traces.count / 2))
        let a = model(events.filter { firstHalf.contains($0.executionIDs.first?.value ?? "") })
        let b = model(events.filter { !firstHalf.contains($0.executionIDs.first?.value ?? "") })
        #expect(try CausalModel.merge(a, b) == whole)
        #expect(try CausalModel.merge(b, a) == whole)
        #expect(try CausalModel.merge(a, b).templates == whole.templates)
    }

    @Test func templateMergeTakesTheSmallerPerType() {
        #expect(CausalModel.mergeTemplates(nil, nil) == nil)
        #expect(CausalModel.mergeTemplates(["T1": "b"], nil) == ["T1": "b"])
        #expect(CausalModel.mergeTemplates(["T1": "b", "T2": "x"], ["T1": "a"]) == ["T1": "a", "T2": "x"])
        #expect(CausalModel.mergeTemplates(["T1": "a"], ["T1": "b"]) == CausalModel.mergeTemplates(["T1": "b"], ["T1": "a"]))
    }
}
