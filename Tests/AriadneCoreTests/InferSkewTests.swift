import Testing
@testable import AriadneCore

@Suite struct InferSkewTests {
    func model(_ offsets: [CausalModel.HostOffset]) -> CausalModel {
        CausalModel(ariadneModel: 1, options: InferenceOptions(), executions: 0, events: 0, resolutions: [], types: [],
                    pairs: [], hostOffsets: offsets, convergence: [])
    }

    func pair(_ name: String, _ low: Int64, _ high: Int64, executions: Int = 5) -> CausalModel.HostOffset {
        CausalModel.HostOffset(a: name, b: name + "'", low: low, high: high, executions: executions)
    }

    @Test func oneMisreadPairDoesNotDecideTheEstimate() {
        let estimate = model([pair("a", -2_000, 3_000), pair("b", -1_000, 1_000), pair("c", 40_000_000, 50_000_000)]).skewEstimate
        #expect(estimate.lowerBound == 0)
        #expect(estimate.upperBound == 3_000)
        #expect(estimate.consistentPairs == 3)
    }

    @Test func rarelySeenAndContradictoryPairsAreIgnored() {
        let estimate = model([pair("a", 5, 10, executions: 2), pair("b", 10, 5)]).skewEstimate
        #expect(estimate.lowerBound == nil)
        #expect(estimate.inconsistentPairs == 1)
        #expect(estimate.description.hasPrefix("not estimable"))
        let shifted = model([pair("a", 2_000_000, 3_000_000)]).skewEstimate
        #expect(shifted.lowerBound == 2_000_000)
    }

    @Test func durationsReadWell() {
        #expect(CausalModel.duration(0) == "0s")
        #expect(CausalModel.duration(2_000_000_000) == "2s")
        #expect(CausalModel.duration(43_743_513) == "43.7ms")
        #expect(CausalModel.duration(1_500) == "1.5µs" || CausalModel.duration(1_500) == "1.50µs")
        #expect(CausalModel.duration(250_000) == "250µs")
    }
}
