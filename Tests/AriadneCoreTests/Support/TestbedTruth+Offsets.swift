import Foundation

extension TestbedTruth {
    /// Two hosts' clock difference (`clock(b) - clock(a)`, nanoseconds), estimated and true.
    struct OffsetPair: CustomStringConvertible {
        var a: String
        var b: String
        var estimated: Int64
        var actual: Int64
        /// Estimated minus true.
        var error: Int64 { estimated - actual }

        var description: String {
            "\(b) - \(a): estimated \(Self.ms(estimated)), true \(Self.ms(actual)), error \(Self.ms(error))"
        }

        static func ms(_ ns: Int64) -> String { String(format: "%+.3f ms", Double(ns) / 1e6) }
    }

    /// Estimated offsets against the truth.
    struct OffsetComparison {
        /// Every pair of hosts of one group, sorted.
        var pairs: [OffsetPair]
        /// Hosts of the estimate the truth does not know.
        var unknownHosts: [String]
        /// Hosts of the truth the estimate leaves out.
        var missingHosts: [String]

        /// The pair with the largest error, nil when there is no pair.
        var worst: OffsetPair? { pairs.max { abs($0.error) < abs($1.error) } }
    }

    /// FOR THE LEAD: pass the pipeline's estimated offsets here once it exposes them.
    ///
    /// Compares `estimated` (host → nanoseconds, its clock minus its group's anchor's, as
    /// `ClockOffsets.Offset.offset`) with the truth. The anchor is arbitrary, so only differences
    /// between hosts of one group are compared: for every pair of hosts with the same anchor in
    /// `anchors` (host → anchor; empty: all hosts form one group), the estimated `clock(b) - clock(a)`
    /// against the true `offset_us(b) - offset_us(a)`.
    func compareOffsets(estimated: [String: Int64], anchors: [String: String] = [:]) -> OffsetComparison {
        let known = offsets
        let hosts = estimated.keys.filter { known[$0] != nil }.sorted()
        var pairs: [OffsetPair] = []
        for (n, a) in hosts.enumerated() {
            for b in hosts[(n + 1)...] where anchors[a] == anchors[b] {
                pairs.append(OffsetPair(a: a, b: b, estimated: estimated[b]! - estimated[a]!,
                                        actual: (known[b]! - known[a]!) * 1000))
            }
        }
        return OffsetComparison(pairs: pairs, unknownHosts: estimated.keys.filter { known[$0] == nil }.sorted(),
                                missingHosts: known.keys.filter { estimated[$0] == nil }.sorted())
    }
}
