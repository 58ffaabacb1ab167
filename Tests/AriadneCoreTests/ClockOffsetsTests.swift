import Foundation
@testable import AriadneCore
import Testing

/// The clock-offset solver against naive references: the tightest bounds by enumeration of every integer
/// assignment, the largest agreement by trying every endpoint, and recovery of known offsets from
/// simulated call nestings with outliers mixed in.
@Suite struct ClockOffsetsTests {
    /// On fewer than 100 intervals nothing is trimmed: the agreement the histograms give is exactly the
    /// largest set of intervals sharing a point (ties: the smallest) and their intersection.
    @Test func agreementMatchesTryingEveryEndpoint() {
        var random = SplitMix64(seed: 5)
        for _ in 0..<500 {
            let intervals: [(Int64, Int64)] = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                let low = Int64.random(in: -10...10, using: &random)
                return (low, low + Int64.random(in: -2...8, using: &random))
            }
            var best = 0
            var point: Int64?
            for candidate in intervals.flatMap({ [$0.0, $0.1] }).sorted() {
                let covered = intervals.filter { $0.0 <= candidate && candidate <= $0.1 }.count
                if covered > best { (best, point) = (covered, candidate) }
            }
            let got = ClockOffsets.agreement(intervals)
            #expect(got.count == best)
            if let point {
                let kept = intervals.filter { $0.0 <= point && point <= $0.1 }
                #expect(got.low == kept.map(\.0).max() && got.high == kept.map(\.1).min())
            }
        }
    }

    @Test func aFewMisreadIntervalsDoNotMoveTheBound() {
        var intervals: [(Int64, Int64)] = (0..<100).map { Int64($0 % 7) }.map { (-10 - $0, 10 + $0) }
        intervals += [(-9, -2), (3, 40), (500, 600)]
        let agreed = ClockOffsets.agreement(intervals)
        #expect(agreed.low != nil && agreed.low! <= 0 && 0 <= agreed.high!)
        #expect(agreed.count == 101)
        let split = ClockOffsets.agreement([(0, 1), (5, 6), (5, 7)])
        #expect(split.count == 2 && split.low == 5 && split.high == 6)
    }

    /// A caller's records naming its callee bound each call on their own (the message out, the answer
    /// back), so the pair's tightest bound, from its fastest call, is kept; a pair known only by nesting
    /// loses its most extreme 1%, which a sibling fitting by chance could have set.
    @Test func aNamedPairKeepsItsTightestBound() {
        let t0: Int64 = 1_000_000_001 // stamps to the nanosecond
        func solved(naming: Bool) -> ClosedRange<Int64>? {
            var constraints = ClockConstraints()
            for k in Int64(0)..<100 {
                // c sends, x works 2 ms after a latency of 300 µs and more, c hears back 400 µs after.
                let latency = 300_000 + k * 10_000
                let times = [0, latency, latency + 2_000_000, latency + 2_400_000].map { t0 + $0 }
                let namings = naming ? [ExecutionCalls.Naming(event: 0, host: "x", isSource: false),
                                        ExecutionCalls.Naming(event: 3, host: "x", isSource: true)] : []
                constraints.add(hosts: [0, 1, 1, 0], times: times, names: ["c", "x"], namings: namings)
            }
            return ClockOffsets.solve(constraints, minimumObservations: 3).bounds(from: "c", to: "x")
        }
        #expect(solved(naming: true)?.upperBound == 300_001)
        #expect(solved(naming: false)?.upperBound == 310_001)
        #expect(solved(naming: true)?.lowerBound == -2_400_001 && solved(naming: false)?.lowerBound == -400_001)
    }

    @Test func boundsEqualEveryFeasibleAssignmentsExtremes() {
        var random = SplitMix64(seed: 9)
        let names = ["h0", "h1", "h2", "h3"]
        var checked = 0
        for _ in 0..<300 {
            var observations: [OffsetObservation] = []
            for _ in 0..<Int.random(in: 2...5, using: &random) {
                let a = Int.random(in: 0..<4, using: &random), b = (a + Int.random(in: 1...3, using: &random)) % 4
                let low = Int64.random(in: -3...3, using: &random)
                observations.append(OffsetObservation(a: names[a], b: names[b], low: low, high: low + Int64.random(in: 0...3, using: &random)))
            }
            let solved = ClockOffsets.solve(observations)
            guard solved.droppedPairs == 0, solved.outlierObservations == 0 else { continue }
            // Every assignment with h0 = 0 and the others in -15...15 that meets every observation.
            var feasible: [[Int64]] = []
            for x1 in Int64(-15)...15 { for x2 in Int64(-15)...15 { for x3 in Int64(-15)...15 {
                let x: [Int64] = [0, x1, x2, x3]
                if observations.allSatisfy({ o in
                    let d = x[names.firstIndex(of: o.b)!] - x[names.firstIndex(of: o.a)!]
                    return o.low <= d && d <= o.high
                }) { feasible.append(x) }
            } } }
            #expect(!feasible.isEmpty)
            for i in 0..<4 {
                for j in 0..<4 where i != j {
                    guard let bounds = solved.bounds(from: names[i], to: names[j]) else { continue }
                    let differences = feasible.map { $0[j] - $0[i] }
                    #expect(bounds == differences.min()!...differences.max()!, "\(names[i])→\(names[j]) in \(observations)")
                    checked += 1
                }
            }
        }
        #expect(checked > 200)
    }

    /// Calls from a random caller to random callees, timestamps on clocks with known offsets, plus
    /// sibling pairs read as nestings (outliers).
    @Test func recoversKnownOffsetsThroughOutliers() {
        var random = SplitMix64(seed: 3)
        let hosts = (0..<8).map { "h\($0)" }
        let truth = Dictionary(uniqueKeysWithValues: hosts.map { ($0, Int64.random(in: -5_000_000...5_000_000, using: &random)) })
        var observations: [OffsetObservation] = []
        for _ in 0..<2_000 {
            let caller = hosts[Int.random(in: 0..<8, using: &random)]
            var callee = hosts[Int.random(in: 0..<8, using: &random)]
            while callee == caller { callee = hosts[Int.random(in: 0..<8, using: &random)] }
            let start = Int64.random(in: 0...1_000_000_000, using: &random)
            let latency = Int64.random(in: 300_000...1_500_000, using: &random)
            let work = Int64.random(in: 100_000...2_000_000, using: &random)
            let t1 = start + truth[caller]!, s = start + latency + truth[callee]!
            let e = s + work, t2 = start + 2 * latency + work + truth[caller]!
            observations.append(OffsetObservation(a: caller, b: callee, low: e - t2, high: s - t1))
        }
        for _ in 0..<60 {
            let a = hosts[Int.random(in: 0..<8, using: &random)], b = hosts[Int.random(in: 0..<8, using: &random)]
            let low = Int64.random(in: -20_000_000...20_000_000, using: &random)
            observations.append(OffsetObservation(a: a, b: b, low: low, high: low + 1_000_000))
        }
        let solved = ClockOffsets.solve(observations.shuffled(using: &random))
        #expect(solved.outlierObservations >= 40 && solved.outlierObservations <= 60, "\(solved.outlierObservations) outliers, \(solved.droppedPairs) pairs dropped")
        #expect(solved.offsets.map(\.host) == hosts)
        for offset in solved.offsets {
            #expect(offset.anchor == "h0")
            let error = abs(offset.offset - (truth[offset.host]! - truth["h0"]!))
            #expect(error <= max(offset.uncertainty, 300_000), "\(offset.host): off by \(error) ns, ±\(offset.uncertainty)")
            #expect(offset.uncertainty < 1_500_000)
        }
        #expect(ClockOffsets.solve(observations) == solved)
    }

    @Test func offsetsOrderEventsOnlyWhenTwoInThreeObservationsAgree() {
        func solved(disagreeing: Int) -> ClockOffsets {
            var observations: [OffsetObservation] = []
            for width in Int64(0)..<12 { observations.append(OffsetObservation(a: "a", b: "b", low: 10 - width, high: 20 + width)) }
            for k in Int64(0)..<Int64(disagreeing) { observations.append(OffsetObservation(a: "a", b: "b", low: 500 + 40 * k, high: 510 + 40 * k)) }
            return ClockOffsets.solve(observations)
        }
        let fewer = solved(disagreeing: 6)
        #expect(fewer.usedObservations == 12 && fewer.outlierObservations == 6)
        #expect(ClockCalibration.isCoherent(fewer))
        // 7 of 19 disagreeing: kept, the offsets would order events by a pair a third of whose evidence denies them.
        let more = solved(disagreeing: 7)
        #expect(more.usedObservations == 12 && more.outlierObservations == 7)
        #expect(!ClockCalibration.isCoherent(more))
    }

    @Test func aContradictoryCycleDropsItsWeakestPair() {
        var observations: [OffsetObservation] = []
        for _ in 0..<5 { observations.append(OffsetObservation(a: "a", b: "b", low: 10, high: 20)) }
        for _ in 0..<5 { observations.append(OffsetObservation(a: "b", b: "c", low: 10, high: 20)) }
        for _ in 0..<2 { observations.append(OffsetObservation(a: "a", b: "c", low: -5, high: 0)) }
        let solved = ClockOffsets.solve(observations)
        #expect(solved.droppedPairs == 1)
        #expect(solved.outlierObservations == 2)
        #expect(solved.bounds(from: "a", to: "c") == 20...40)
        #expect(solved.offsets.first { $0.host == "c" }?.offset == 30)
        #expect(solved.uncertainty(between: "a", and: "c") == 10)
    }

    @Test func onlyThePairOnTheContradictionIsDropped() {
        let hosts = ["a", "b", "c", "d", "e", "f"]
        let truth: [String: Int64] = ["a": 0, "b": 40, "c": -30, "d": 15, "e": 70, "f": -5]
        var observations: [OffsetObservation] = []
        for x in hosts {
            for y in hosts where x < y && !(x == "b" && y == "e") {
                for width in Int64(2)...11 { observations.append(OffsetObservation(a: x, b: y, low: truth[y]! - truth[x]! - width, high: truth[y]! - truth[x]! + width)) }
            }
        }
        for _ in 0..<3 { observations.append(OffsetObservation(a: "b", b: "e", low: -100, high: -90)) }
        let solved = ClockOffsets.solve(observations)
        #expect(solved.droppedPairs == 1 && solved.outlierObservations == 3)
        for host in hosts { #expect(solved.offsets.first { $0.host == host }?.offset == truth[host]!) }
    }

    @Test func separateGroupsHaveTheirOwnAnchors() {
        let solved = ClockOffsets.solve([OffsetObservation(a: "x", b: "y", low: 4, high: 6),
                                         OffsetObservation(a: "p", b: "q", low: -2, high: 2)])
        #expect(solved.offsets.map(\.anchor) == ["p", "p", "x", "x"])
        #expect(solved.bounds(from: "x", to: "q") == nil)
        #expect(solved.offsets.first { $0.host == "y" }?.offset == 5)
    }

    /// Nestings that agree only on an offset of a second are spans enclosing each other by the seconds,
    /// not a call and its return: the pair is left out (counted) and bounds nothing.
    @Test func aPairAgreeingOnlyFarFromZeroIsLeftOut() throws {
        var constraints = ClockConstraints()
        for k in Int64(0)..<5 {
            constraints.add(a: "x", b: "y", low: 1_200_000_000 + k, high: 1_500_000_000 + k)
            constraints.add(a: "x", b: "z", low: -1_000_000 - k, high: 1_000_000 + k)
        }
        let solved = ClockOffsets.solve(constraints, minimumObservations: 3, maximumOffset: ClockCalibration.maximumOffset)
        #expect(solved.farPairs == 1)
        let report = ClockReport(solved, executions: 5)
        #expect(report.lines()[0].contains("1 needing an offset over 100ms left out"), "\(report.lines()[0])")
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        #expect(String(decoding: try encoder.encode(report), as: UTF8.self).contains("\"far_pairs\":1"))
        #expect(solved.bounds(from: "x", to: "y") == nil)
        #expect(solved.bounds(from: "x", to: "z") == -1_000_000...1_000_000)
        #expect(solved.outlierObservations == 0)
        #expect(ClockOffsets.solve(constraints, minimumObservations: 3).bounds(from: "x", to: "y") != nil)
    }

    /// A caller names two callees it calls one after the other: `x` (a replica retried over 9 ms), then
    /// `y` (its fallback, 1 ms). `y`'s short span fits in `x`'s at an offset that puts it after `x`'s
    /// records, which agrees from one execution to the next: used, it pulls `x`'s bound off its true
    /// offset. As siblings of one caller, neither naming the other, the pair is left out.
    @Test func siblingsOfOneCallerAreNoCall() throws {
        let ms: Int64 = 1_000_000, t0: Int64 = 1_000_000_001 // stamps to the nanosecond
        let names = ["c", "x", "y"], offsets: [Int64] = [0, 2 * ms, -1 * ms]
        var constraints = ClockConstraints()
        for k in Int64(0)..<6 {
            let jitter = k * ms / 10
            // (host, true time): c calls x, x works, c hears back, c calls y, y works, c hears back.
            let records: [(Int32, Int64)] = [(0, 0), (1, ms), (1, 4 * ms), (1, 7 * ms), (1, 10 * ms + jitter), (0, 11 * ms + jitter),
                                             (0, 12 * ms + jitter), (2, 13 * ms + 2 * jitter), (2, 14 * ms + 2 * jitter),
                                             (0, 16 * ms + 2 * jitter)]
            let namings = [ExecutionCalls.Naming(event: 0, host: "x", isSource: false), ExecutionCalls.Naming(event: 5, host: "x", isSource: true),
                           ExecutionCalls.Naming(event: 6, host: "y", isSource: false), ExecutionCalls.Naming(event: 9, host: "y", isSource: true)]
            constraints.add(hosts: records.map(\.0), times: records.map { t0 + $0.1 + offsets[Int($0.0)] }, names: names, namings: namings)
        }
        let solved = ClockOffsets.solve(constraints, minimumObservations: 3, minimumShare: ClockCalibration.minimumShare)
        #expect(solved.siblingPairs == 1)
        #expect(solved.bounds(from: "c", to: "x")!.contains(offsets[1]))
        #expect(solved.bounds(from: "c", to: "y")!.contains(offsets[2]))
        #expect(solved.bounds(from: "x", to: "y")!.contains(offsets[2] - offsets[1]))
        #expect(solved.outlierObservations == 0)
        // Said on the clocks line and in the model's JSON; both absent when no pair was left out.
        let report = ClockReport(solved, executions: 6)
        #expect(report.lines()[0].contains("1 between callees of one caller left out"), "\(report.lines()[0])")
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let json = try String(decoding: encoder.encode(report), as: UTF8.self)
        #expect(json.contains("\"sibling_pairs\":1"), "\(json)")
        let plain = ClockReport(ClockOffsets.solve([OffsetObservation(a: "c", b: "x", low: -ms, high: ms)]), executions: 1)
        let plainJSON = try String(decoding: encoder.encode(plain), as: UTF8.self)
        #expect(!plain.lines()[0].contains("callees") && !plainJSON.contains("sibling"), "\(plainJSON)")
    }

    /// A host of one record per execution fits in any span, so it cannot join hosts that nothing else
    /// relates: a point inside both a's and b's calls places it by one of them, and a and b stay apart.
    @Test func aPointHostBoundsNoPairOfOthers() {
        var constraints = ClockConstraints()
        let names = ["a", "x", "b", "y", "p"]
        for k in Int64(0)..<4 {
            // a around x, p inside both; then b around y, p inside both.
            let ms: Int64 = 1_000_000, t0: Int64 = 1_000_000_001 // stamps to the nanosecond
            constraints.add(hosts: [0, 1, 4, 1, 0], times: [0, 3 * ms, 5 * ms + k, 6 * ms, 10 * ms].map { t0 + $0 }, names: names)
            constraints.add(hosts: [2, 3, 4, 3, 2], times: [0, 3 * ms, 5 * ms - k, 6 * ms, 10 * ms].map { t0 + $0 }, names: names)
        }
        #expect(constraints.pointHosts == ["p"])
        let solved = ClockOffsets.solve(constraints, minimumObservations: 3)
        #expect(solved.bounds(from: "a", to: "x") != nil && solved.bounds(from: "b", to: "y") != nil)
        #expect(solved.bounds(from: "a", to: "b") == nil)
        #expect(solved.offsets.contains { $0.host == "p" })
        #expect(solved.outlierObservations == 0)
    }

    /// A one-way receiver that writes one record (an outbox relay polling every few milliseconds) lands
    /// inside its sender's span, at some offset, only in the executions where the sender's span is long
    /// (here 6 of 10, above the half of shared executions any pair needs): no callee, since a callee's
    /// record lies inside every span its caller wrote around the call, and it is not placed. A point
    /// inside every span is.
    @Test func aPointFittingOnlySomeOfASendersSpansIsNoCallee() {
        let ms: Int64 = 1_000_000, t0: Int64 = 1_000_000_001
        let names = ["sender", "relay"]
        func solved(delays: [(span: Int64, delay: Int64)]) -> ClockOffsets {
            var constraints = ClockConstraints()
            for (k, d) in delays.enumerated() {
                let start = t0 + Int64(k) * 100 * ms
                constraints.add(hosts: [0, 0, 1], times: [start, start + d.span, start + d.span + d.delay], names: names)
            }
            #expect(constraints.pointHosts == ["relay"])
            return ClockOffsets.solve(constraints, minimumObservations: 3, minimumShare: ClockCalibration.minimumShare,
                                      minimumAgreement: ClockCalibration.minimumAgreement)
        }
        // Long spans (20 ms) with delays of 1–6 ms agree on offsets of 6–21 ms; short ones (2 ms) with delays of
        // 30–45 ms agree with none of them.
        let long: [(span: Int64, delay: Int64)] = (1...6).map { (span: 20 * ms, delay: Int64($0) * ms) }
        let short: [(span: Int64, delay: Int64)] = (0..<4).map { (span: 2 * ms, delay: (30 + 5 * Int64($0)) * ms) }
        let oneWay = long + short
        #expect(solved(delays: oneWay).bounds(from: "sender", to: "relay") == nil)
        #expect(solved(delays: oneWay).offsets.isEmpty)
        // The same spans with the record 1 ms before each span's end: it fits all of them at one offset.
        let called: [(span: Int64, delay: Int64)] = oneWay.map { (span: $0.span, delay: -ms) }
        #expect(solved(delays: called).bounds(from: "sender", to: "relay") != nil)
    }

    /// A queue's consumer (two records) taking each message 1–10 ms after its sender published it near
    /// the end of a 6.3 ms span, its clock 8 ms behind: as stamped it fits inside every span, and at one
    /// offset inside about two in three of them (over the half any pair needs), but a callee fits at the
    /// true offset inside nearly all: no callee, not placed (a confident offset 8 ms off had put its
    /// consumption before the publication). The same consumer at a fixed point of the span is placed.
    @Test func aSpanFittingOnlySomeOfASendersSpansAtOneOffsetIsNoCallee() {
        let ms: Int64 = 1_000_000, µs: Int64 = 1_000, t0: Int64 = 1_000_000_001
        let names = ["sender", "consumer"]
        func solved(after: (Int) -> Int64) -> ClockOffsets {
            var constraints = ClockConstraints()
            for k in 0..<20 {
                let start = t0 + Int64(k) * 100 * ms, taken = start + after(k) - 8 * ms
                constraints.add(hosts: [0, 0, 0, 1, 1], times: [start, start + 6_100 * µs, start + 6_300 * µs, taken, taken + 300 * µs],
                                names: names)
            }
            return ClockOffsets.solve(constraints, minimumObservations: 3, minimumShare: ClockCalibration.minimumShare,
                                      minimumAgreement: ClockCalibration.minimumAgreement)
        }
        let queued = solved { 6_100 * µs + (1_000 + Int64($0) * 9_000 / 19) * µs }
        #expect(queued.bounds(from: "sender", to: "consumer") == nil && queued.offsets.isEmpty, "\(queued.offsets)")
        let called = solved { 3 * ms + Int64($0 % 3) * 50 * µs }
        #expect(called.bounds(from: "sender", to: "consumer")?.contains(-8 * ms) == true, "\(called.offsets)")
    }

    /// The same queue's consumer inside the span of the sender's caller (an edge proxy answering well
    /// after the sender's work): it fits there at one offset in every execution, but its work only
    /// followed the sender's, which the edge encloses: no callee of the edge either, not placed. The
    /// sender is.
    @Test func aConsumerOfACalleeIsNoCalleeOfItsCaller() {
        let ms: Int64 = 1_000_000, µs: Int64 = 1_000, t0: Int64 = 1_000_000_001
        var constraints = ClockConstraints()
        for k in 0..<20 {
            let start = t0 + Int64(k) * 100 * ms, taken = start + 6_100 * µs + (1_000 + Int64(k) * 9_000 / 19) * µs - 8 * ms
            constraints.add(hosts: [2, 0, 0, 0, 1, 1, 2], times: [start - ms, start, start + 6_100 * µs, start + 6_300 * µs, taken,
                                                                  taken + 300 * µs, start + 20 * ms],
                            names: ["sender", "consumer", "edge"])
        }
        let solved = ClockOffsets.solve(constraints, minimumObservations: 3, minimumShare: ClockCalibration.minimumShare,
                                        minimumAgreement: ClockCalibration.minimumAgreement)
        #expect(solved.bounds(from: "edge", to: "sender") != nil && solved.bounds(from: "edge", to: "consumer") == nil, "\(solved.offsets)")
        #expect(solved.unnestedPairs == [["sender", "consumer"]], "\(solved.unnestedPairs)")
    }

    /// A point host that two hosts "enclose": `a`, whose record names it (a message sent to it), and `c`,
    /// a stranger whose span it fits in more often. It is placed by `a`'s pair, the one that says who
    /// sent it work; `c`'s is not used.
    @Test func aPointHostIsPlacedByTheHostThatNamesIt() {
        let ms: Int64 = 1_000_000, t0: Int64 = 1_000_000_001
        let names = ["a", "x", "c", "y", "p"]
        var constraints = ClockConstraints()
        for k in Int64(0)..<8 {
            // a around x and p (a's first record names p); c around y and p; the stranger c in more executions.
            let naming = [ExecutionCalls.Naming(event: 0, host: "p", isSource: false)]
            if k < 4 {
                constraints.add(hosts: [0, 1, 4, 1, 0], times: [0, 2 * ms, 5 * ms + k, 6 * ms, 10 * ms].map { t0 + $0 }, names: names,
                                namings: naming)
            }
            constraints.add(hosts: [2, 3, 4, 3, 2], times: [0, 1 * ms, 4 * ms - k, 7 * ms, 9 * ms].map { t0 + $0 }, names: names)
        }
        let solved = ClockOffsets.solve(constraints, minimumObservations: 3)
        #expect(constraints.pointHosts == ["p"])
        #expect(solved.bounds(from: "a", to: "p") != nil)
        #expect(solved.bounds(from: "c", to: "p") == nil)
    }

    /// A gateway's one access line per request, stamped when it accepted it (HAProxy's accept date), names
    /// its backend (`server=api`): the point fits in the backend's span at some offset in every execution,
    /// but a caller's record lies before or after its callee's work, never inside it, so that pair places
    /// nothing. Without the naming, the point is placed as before.
    @Test func aPointNamingTheHostItWouldNestInIsItsCaller() {
        let ms: Int64 = 1_000_000, t0: Int64 = 1_000_000_001
        let names = ["api", "gw"]
        func solved(naming: Bool) -> ClockOffsets {
            var constraints = ClockConstraints()
            for k in Int64(0)..<8 {
                let namings = naming ? [ExecutionCalls.Naming(event: 0, host: "api", isSource: false)] : []
                constraints.add(hosts: [1, 0, 0], times: [0, 1 * ms + k * 10_000, 9 * ms].map { t0 + k * 100 * ms + $0 }, names: names,
                                namings: namings)
            }
            #expect(constraints.pointHosts == ["gw"])
            return ClockOffsets.solve(constraints, minimumObservations: 3)
        }
        #expect(solved(naming: false).bounds(from: "api", to: "gw") != nil)
        #expect(solved(naming: true).bounds(from: "api", to: "gw") == nil)
    }

    /// A point that names a host of its own (a gateway's line naming its backend) is not placed by a
    /// stranger whose span it fits in (a fraud check called by the backend); unnamed, it is.
    @Test func aPointNamingItsCalleeIsNotPlacedByAStranger() {
        let ms: Int64 = 1_000_000, t0: Int64 = 1_000_000_001
        let names = ["fraud", "gw", "saga"]
        func solved(naming: Bool) -> ClockOffsets {
            var constraints = ClockConstraints()
            for k in Int64(0)..<8 {
                let namings = naming ? [ExecutionCalls.Naming(event: 1, host: "saga", isSource: false)] : []
                // fraud's span around gw's point; saga alone, far from both, writing once.
                constraints.add(hosts: [0, 1, 0, 2], times: [0, 2 * ms + k * 10_000, 5 * ms, 30 * ms].map { t0 + k * 100 * ms + $0 }, names: names,
                                namings: namings)
            }
            return ClockOffsets.solve(constraints, minimumObservations: 3)
        }
        #expect(solved(naming: false).bounds(from: "fraud", to: "gw") != nil)
        #expect(solved(naming: true).bounds(from: "fraud", to: "gw") == nil)
        // Unplaced, it is no anchor of a group of its own either.
        #expect(!solved(naming: true).offsets.contains { $0.host == "gw" })
    }

    /// A long span that encloses a short one at the same place each time fits it at offsets tens of
    /// milliseconds apart (a queue's consumer working a quarter second after its sender's calls, around
    /// the load balancer's one line): such a bound places nothing and its observations are outliers; a
    /// tight pair beside it still places its hosts.
    @Test func aLooseBoundPlacesNothing() {
        var constraints = ClockConstraints()
        for i in 0..<50 {
            constraints.add(a: "api", b: "stock", low: 1_000_000 + Int64(i) * 1_000, high: 2_000_000 + Int64(i) * 1_000, exact: true)
            constraints.add(a: "worker", b: "lb", low: -137_000_000, high: -51_600_000, exact: true)
        }
        let solved = ClockOffsets.solve(constraints, minimumObservations: 3, maximumOffset: 100_000_000)
        #expect(solved.offsets.map(\.host).sorted() == ["api", "stock"], "\(solved.offsets)")
        #expect(solved.outlierObservations == 50, "\(solved.outlierObservations)")
        // Narrower than half the largest offset, it is a bound like any other.
        var tighter = ClockConstraints()
        for _ in 0..<50 { tighter.add(a: "worker", b: "lb", low: -80_000_000, high: -51_600_000, exact: true) }
        #expect(ClockOffsets.solve(tighter, minimumObservations: 3, maximumOffset: 100_000_000).offsets.count == 2)
    }

    /// Durations as access logs and applications write them.
    @Test func recordDurations() {
        #expect(RecordDuration.unit(ofName: "duration") == 0)
        #expect(RecordDuration.unit(ofName: "duration_ms") == 1_000_000)
        #expect(RecordDuration.unit(ofName: "api.timeToResponse") == 0)
        #expect(RecordDuration.unit(ofName: "request_time") == 0)
        #expect(RecordDuration.unit(ofName: "elapsedMillis") == 1_000_000)
        #expect(RecordDuration.unit(ofName: "durationable") == nil)
        #expect(RecordDuration.unit(ofName: "status") == nil)
        // nginx's documented log_format example: `rt=$request_time … urt="$upstream_response_time"`.
        #expect(RecordDuration.unit(ofName: "rt") == 0 && RecordDuration.unit(ofName: "urt") == 0)
        #expect(RecordDuration.unit(ofName: "art") == nil && RecordDuration.unit(ofName: "r") == nil)
        // AWS load balancers' documented names; `-1` (no target answered) is none.
        #expect(RecordDuration.unit(ofName: "target_processing_time") == 0 && RecordDuration.unit(ofName: "backend_processing_time") == 0)
        #expect(RecordDuration.unit(ofName: "target_status") == nil && RecordDuration.parse("-1", nameUnit: 0) == nil)
        #expect(RecordDuration.parse("0.0177", nameUnit: 0) == 17_700_000)
        #expect(RecordDuration.parse("30", nameUnit: 0) == 30_000_000)
        #expect(RecordDuration.parse("30", nameUnit: 1_000) == 30_000)
        #expect(RecordDuration.parse("91292592ns", nameUnit: 0) == 91_292_592)
        #expect(RecordDuration.parse("1.5s", nameUnit: 1_000_000) == 1_500_000_000)
        #expect(RecordDuration.parse("250µs", nameUnit: 0) == 250_000)
        #expect(RecordDuration.parse("0", nameUnit: 0) == nil)
        #expect(RecordDuration.parse("0/0/0/104/105", nameUnit: 0) == nil)
        #expect(RecordDuration.parse("12 apples", nameUnit: 0) == nil)
        #expect(RecordDuration.parse("3600", nameUnit: 1_000_000_000) == nil)
    }

    /// A gateway writes one access line per request, at its end, with how long the request took; its
    /// backend logs twice inside. As a point, the line would fit in the backend's span (the gateway read
    /// as the callee, its clock pulled 5 ms off); with its duration it encloses the backend, and the
    /// offset (the gateway 3 ms ahead) comes out within a millisecond.
    @Test func anAccessLinesDurationMakesItASpan() {
        var random = SplitMix64(seed: 91)
        let ms: Int64 = 1_000_000, skew = 3 * ms
        var withDurations = ClockConstraints(), asPoints = ClockConstraints()
        for k in 0..<40 {
            let start = Int64(k) * 100 * ms + 1_000_000_007
            let first = start + Int64.random(in: 300_000...1_500_000, using: &random)
            let last = first + Int64.random(in: 2 * ms...9 * ms, using: &random)
            let end = last + Int64.random(in: 300_000...1_500_000, using: &random)
            let seconds = String(format: "%.6f", Double(end - start) / 1e9)
            let events = [
                Event(source: SourceLocation(file: "api-1.log", line: 2 * k + 1), time: first, host: "api-1", type: "a", template: "", message: "begin"),
                Event(source: SourceLocation(file: "api-1.log", line: 2 * k + 2), time: last, host: "api-1", type: "b", template: "", message: "end"),
                Event(source: SourceLocation(file: "gw.log", line: k + 1), time: end + skew, host: "gw", type: "g", template: "",
                      fields: [Field(name: "status", value: "200"), Field(name: "duration", value: seconds)], message: "handled request"),
            ]
            let (names, hosts, times) = OffsetObservation.indexed(events)
            let spans = RecordDuration.withStarts(hosts: hosts, times: times, events: events)
            #expect(spans.hosts.count == 4)
            withDurations.add(hosts: spans.hosts, times: spans.times, names: names)
            asPoints.add(hosts: hosts, times: times, names: names)
        }
        #expect(withDurations.pointHosts.isEmpty && asPoints.pointHosts == ["gw"])
        let bounds = try? #require(ClockCalibration.solve(withDurations)?.bounds(from: "api-1", to: "gw"))
        #expect(bounds.map { abs(($0.lowerBound / 2 + $0.upperBound / 2) - skew) < ms } == true, "\(String(describing: bounds))")
        let points = ClockCalibration.solve(asPoints)?.bounds(from: "api-1", to: "gw")
        #expect(points.map { abs(($0.lowerBound / 2 + $0.upperBound / 2) - skew) < ms } != true, "\(String(describing: points))")
    }

    @Test func nestingsOfOneExecution() {
        func event(_ host: String, _ ms: Int64) -> Event {
            Event(source: SourceLocation(file: "f", line: 1), time: ms * 1_000_000, host: host, type: "t", template: "", message: "")
        }
        // As stamped: e - t2 and s - t1; api inside db's 1 ms is impossible, a contradictory observation.
        let observations = OffsetObservation.nestings(in: [event("api", 1), event("db", 3), event("db", 4), event("api", 12)])
        #expect(observations == [OffsetObservation(a: "api", b: "db", low: -8_000_000, high: 2_000_000),
                                 OffsetObservation(a: "db", b: "api", low: 1, high: 0)])
        // Spans within each other's resolution prove nothing either way.
        let close = OffsetObservation.nestings(in: [event("api", 1), event("db", 2), event("api", 3)])
        #expect(close.allSatisfy { $0.low > $0.high })
    }

    /// A coordinator's records naming its participant (`prepare -> db`, `vote from db`) pin the call's
    /// messages: db's commit, written after the coordinator's last record (a one-way decision), no
    /// longer pulls the lower bound past the offset, as it does when nothing is named.
    @Test func namedMessagesBoundTheOffsetPastATrailingRecord() {
        // Nanosecond stamps (resolution 1 ns): the spans' lengths alone decide that db fits inside api.
        func event(_ host: String, _ ms: Int64, _ message: String) -> Event {
            Event(source: SourceLocation(file: "f", line: 1), time: ms * 1_000_000 + 1, host: host, type: "t", template: "", message: message)
        }
        // db's clock is 5 ms ahead of api's: true times api 0, 1, 4, 5 and db 2, 6.
        let named = [event("api", 0, "begin"), event("api", 1, "prepare -> db"), event("db", 7, "prepare, voting yes"),
                     event("api", 4, "vote yes from db"), event("api", 5, "commit txn"), event("db", 11, "commit")]
        let pair = OffsetObservation.nestings(in: named).first { $0.a == "api" && $0.b == "db" }
        #expect(pair == OffsetObservation(a: "api", b: "db", low: 3_000_000, high: 6_000_000))
        let unnamed = named.map { e in event(e.host!, (e.time! - 1) / 1_000_000, e.host == "api" ? "step" : e.message) }
        let biased = OffsetObservation.nestings(in: unnamed).first { $0.a == "api" && $0.b == "db" }
        #expect(biased == OffsetObservation(a: "api", b: "db", low: 6_000_000, high: 7_000_000))
    }

    /// A callee that writes after answering (kafka's leader advances its high watermark 2.5 ms after it
    /// acknowledges) outlasts its caller: its whole span never fits in the caller's, but its records up
    /// to the last that fits do. Once the caller names the callee in some executions (an error from it)
    /// and the callee never names the caller, those prefixes count and the callee's span enclosing the
    /// caller's (the reverse reading) does not: the agreed bound holds the true offset. With no naming,
    /// lengths alone cannot tell this callee from a client outlasting its replicas, and prefixes do not count.
    @Test func aCalleeWritingAfterItAnsweredNestsByItsFirstRecordsOnceTheCallerNamesIt() {
        let offset: Int64 = -6_200_000
        func constraints(naming: Bool) -> (ClockConstraints, prefixes: Int) {
            var random = SplitMix64(seed: 43)
            var constraints = ClockConstraints()
            var prefixes = 0
            for n in 0..<300 {
                var events: [Event] = []
                func record(_ host: String, _ trueTime: Int64, _ message: String = "step") {
                    events.append(Event(source: SourceLocation(file: "f", line: events.count + 1), time: host == "broker" ? trueTime + offset : trueTime,
                                        host: host, type: message, template: "", message: message))
                }
                func gap(_ most: UInt64) -> Int64 { Int64(random.next() % most) + 1 }
                var t: Int64 = 1_000_000_000
                record("producer", t)
                t += gap(1_500_000)
                if naming && n % 5 == 0 {
                    record("producer", t, "transient error from broker, retrying")
                    t += gap(500_000)
                }
                for _ in 0..<Int(random.next() % 3) + 2 { record("broker", t); t += gap(1_000_000) }
                t += gap(1_500_000)
                record("producer", t)
                t += 2_500_000 + gap(500_000)
                record("broker", t)
                events.shuffle(using: &random)
                let nestings = OffsetObservation.nestings(in: events)
                if nestings.contains(where: { $0.a == "producer" && $0.b == "broker" && $0.isPrefix && $0.low <= $0.high }) { prefixes += 1 }
                let (names, hosts, times) = OffsetObservation.indexed(events)
                constraints.add(hosts: hosts, times: times, names: names, namings: ExecutionCalls.namings(events))
            }
            return (constraints, prefixes)
        }
        let (named, prefixes) = constraints(naming: true)
        #expect(prefixes == 300, "the broker's first records fit in the producer's span in every execution")
        #expect(named.pairs.first { $0.a == "producer" && $0.b == "broker" }?.named == 60)
        let bounds = ClockOffsets.solve(named).bounds(from: "producer", to: "broker")
        #expect(bounds.map { $0.contains(offset) } == true, "\(String(describing: bounds)) against \(offset)")
        let agreed = Dictionary(uniqueKeysWithValues: named.agreements().map { ("\($0.a) -> \($0.b)", $0.agreed.count) })
        #expect(agreed["producer -> broker"] == 300 && agreed["broker -> producer"] == 0, "\(agreed)")

        let (unnamed, _) = constraints(naming: false)
        let unnamedAgreed = Dictionary(uniqueKeysWithValues: unnamed.agreements().map { ("\($0.a) -> \($0.b)", $0.agreed.count) })
        #expect(unnamedAgreed["producer -> broker"] == 0 && unnamedAgreed["broker -> producer"] ?? 0 > 0, "\(unnamedAgreed)")
        // The prefixes survive a round trip through the model's JSON, and merging adds them.
        let data = try? JSONEncoder().encode(named)
        let decoded = data.flatMap { try? JSONDecoder().decode(ClockConstraints.self, from: $0) }
        #expect(decoded == named)
        #expect(ClockConstraints.merge(named, named).pairs.first { $0.a == "producer" && $0.b == "broker" }?.prefixLows.reduce(0) { $0 + $1[1] } == 600)
    }

    /// On random calls (a names b when it sends and when it receives the answer, sometimes after an
    /// error from b and a second send; b may write records after a's last, and a may work before and
    /// after the call), every observation of the pair contains the true offset.
    @Test func namedObservationsContainTheTrueOffset() {
        var random = SplitMix64(seed: 41)
        var checked = 0
        for _ in 0..<2_000 {
            let offset = Int64(random.next() % 20_000_001) - 10_000_000
            var events: [Event] = []
            func record(_ host: String, _ trueTime: Int64, _ message: String) {
                let time = host == "b" ? trueTime + offset : trueTime
                events.append(Event(source: SourceLocation(file: "f", line: events.count + 1), time: time, host: host,
                                    type: "t", template: "", message: message))
            }
            func gap() -> Int64 { Int64(random.next() % 2_000_000) + 1 }
            var t: Int64 = 1_000_000_000
            for _ in 0..<Int(random.next() % 3) { record("a", t, "work"); t += gap() }
            record("a", t, "call -> b")
            t += gap()
            if random.next() % 3 == 0 {
                // A transient error received before b logged anything, and the call sent again.
                record("a", t, "transient error from b, retrying")
                t += gap()
                record("a", t, "call -> b")
                t += gap()
            }
            for _ in 0..<Int(random.next() % 3) + 1 { record("b", t, "handle"); t += gap() }
            record("a", t, "answer from b")
            for _ in 0..<Int(random.next() % 3) { t += gap(); record("a", t, "work") }
            for _ in 0..<Int(random.next() % 3) { t += gap(); record("b", t, "later") }
            events.shuffle(using: &random)
            guard let o = OffsetObservation.nestings(in: events).first(where: { $0.a == "a" && $0.b == "b" }), o.low <= o.high else { continue }
            #expect(o.low <= offset && offset <= o.high, "\(o) against \(offset)")
            checked += 1
        }
        #expect(checked > 1_000)
    }
}


/// The mergeable clock evidence: rounding only loosens a bound, merging adds counts exactly, the JSON
/// form reads back, and malformed entries are refused.
@Suite struct ClockConstraintsTests {
    @Test func roundingOnlyLoosensAndKeepsThreeDigits() {
        var random = SplitMix64(seed: 77)
        for _ in 0..<2_000 {
            let value = Int64.random(in: -50_000_000_000...50_000_000_000, using: &random) >> Int64.random(in: 0...30, using: &random)
            let up = ClockConstraints.round(value, up: true), down = ClockConstraints.round(value, up: false)
            #expect(down <= value && value <= up, "\(value): \(down)...\(up)")
            let magnitude = max(value.magnitude, 1)
            #expect(Double(up - down) <= Double(magnitude) / 99, "\(value): \(down)...\(up)")
        }
        #expect(ClockConstraints.round(999, up: true) == 999 && ClockConstraints.round(1_234_567, up: true) == 1_240_000)
        #expect(ClockConstraints.round(-1_234_567, up: false) == -1_240_000 && ClockConstraints.round(-1_234_567, up: true) == -1_230_000)
    }

    /// A gateway stamping milliseconds around a backend that stamps them too, its clock 1.2 ms behind,
    /// the calls 0.3–1.5 ms each way: the two spans are as long as each other within the stamps'
    /// rounding in most executions, so the backend's whole span fits the gateway's only at some offset
    /// the stamps allow, not surely. Those executions count as nestings of the whole span (the gateway
    /// does not name the backend, so nothing says the backend wrote after answering): the offset is
    /// estimated within a millisecond of the truth, and the gateway, whose records enclose the
    /// backend's, is read as the caller, its first record stamped like the backend's first read before
    /// it, though the backend's file comes first.
    @Test func aCalleeAnsweringWithinTheCallersMillisecondNestsWhole() throws {
        let skew: Int64 = -1_200_000
        var random = SplitMix64(seed: 11)
        func gap(_ low: Int64, _ high: Int64) -> Int64 { low + Int64(random.next() % UInt64(high - low)) }
        var gateway: [Event] = [], backend: [Event] = []
        func record(_ host: String, _ trueTime: Int64, _ message: String, _ id: String) {
            let stamped = (trueTime + (host == "broker" ? skew : 0)) / 1_000_000 * 1_000_000
            let event = Event(source: SourceLocation(file: host + ".log", line: 0), time: stamped, host: host,
                              executionIDs: [ExecutionID(kind: "req", value: id)], type: message, template: message, message: message)
            if host == "broker" { backend.append(event) } else { gateway.append(event) }
        }
        var t: Int64 = 1_000_000_000
        for r in 0..<300 {
            let id = "r\(r)"
            t += gap(20_000_000, 60_000_000)
            var s = t
            record("gw", s, "request start", id)
            s += gap(300_000, 1_500_000)
            record("broker", s, "received", id)
            s += gap(3_000_000, 6_000_000)
            record("broker", s, "validated", id)
            s += gap(3_000_000, 5_000_000)
            record("broker", s, "published", id)
            s += gap(300_000, 1_500_000)
            record("gw", s, "request done", id)
        }
        let pipeline = InferencePipeline(grouping: GroupingOptions(groupBy: ["req"]), inference: InferenceOptions(), keepExecutions: false)
        for (line, event) in (backend + gateway).enumerated() {
            var event = event
            event.source.line = line + 1
            pipeline.add(event)
        }
        let model = pipeline.finish()
        let edges = Set((model.calls?.hostEdges ?? []).map { "\($0.from) -> \($0.to) \($0.kind.rawValue)" })
        #expect(edges == ["gw -> broker sync"], "\(edges)")
        let offsets = try #require(model.clocks?.offsets)
        let broker = try #require(offsets.first { $0.host == "broker" })
        #expect(broker.anchor == "broker" || abs(broker.offset - skew) <= 1_000_000, "\(offsets)")
        let gw = try #require(offsets.first { $0.host == "gw" })
        #expect(gw.anchor == "gw" || abs(gw.offset + skew) <= 1_000_000, "\(offsets)")
        #expect(offsets.allSatisfy { $0.host == $0.anchor || $0.uncertainty <= 1_500_000 }, "\(offsets)")
    }

    /// Two hosts writing two records each, their spans 2–4 ms long at random and stamped to the
    /// millisecond: each fits the other's within the rounding as often as the reverse, which says
    /// nothing of which encloses the other, so no offset is estimated from them.
    @Test func spansFittingEachOtherAsOftenEitherWayBoundNothing() throws {
        var random = SplitMix64(seed: 12)
        var constraints = ClockConstraints()
        for _ in 0..<300 {
            let start = Int64(random.next() % 1_000) * 1_000_000
            let x = [start, start + Int64(2 + random.next() % 3) * 1_000_000]
            let y = [start, start + Int64(2 + random.next() % 3) * 1_000_000]
            constraints.add(hosts: [0, 0, 1, 1], times: x + y, names: ["x", "y"])
        }
        let wholes = constraints.pairs.map { $0.wholeLows.reduce(0) { $0 + $1[1] } }
        #expect(wholes.allSatisfy { $0 > 50 }, "\(wholes)")
        #expect(constraints.agreements().allSatisfy { $0.agreed.count == 0 }, "\(constraints.agreements().map { ($0.a, $0.b, $0.agreed.count) })")
        #expect(ClockCalibration.solve(constraints) == nil)
        // The whole-span bounds survive a round trip through the model's JSON, and merging adds them.
        #expect(try JSONDecoder().decode(ClockConstraints.self, from: JSONEncoder().encode(constraints)) == constraints)
        #expect(ClockConstraints.merge(constraints, constraints).pairs.map { $0.wholeLows.reduce(0) { $0 + $1[1] } } == wholes.map { 2 * $0 })
    }

    @Test func mergeIsTheUnionAndJSONRoundTrips() throws {
        var random = SplitMix64(seed: 78)
        let hosts = ["a", "b", "c", "d"]
        var whole = ClockConstraints(), left = ClockConstraints(), right = ClockConstraints()
        for _ in 0..<500 {
            let times = (0..<Int.random(in: 2...8, using: &random)).map { _ in Int64.random(in: 0...10_000_000, using: &random) * 1_000 }
            let owners = times.map { _ in Int32.random(in: 0..<4, using: &random) }
            whole.add(hosts: owners, times: times, names: hosts)
            if Bool.random(using: &random) { left.add(hosts: owners, times: times, names: hosts) } else { right.add(hosts: owners, times: times, names: hosts) }
        }
        let merged = ClockConstraints.merge(left, right)
        #expect(merged == whole && ClockConstraints.merge(right, left) == whole)
        #expect(ClockOffsets.solve(merged, minimumObservations: 3) == ClockOffsets.solve(whole, minimumObservations: 3))
        let data = try JSONEncoder().encode(whole)
        #expect(try JSONDecoder().decode(ClockConstraints.self, from: data) == whole)
        let broken = #"{"pairs": [{"a": "x", "b": "y", "lows": [[5]], "highs": [[6, 1]], "contradictory": 0, "together": 1}], "resolutions": {}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ClockConstraints.self, from: Data(broken.utf8)) }
        // A host's one-record tally must be [single, total] with 0 <= single <= total.
        for records in [#"{"x": [3, 2]}"#, #"{"x": [1]}"#, #"{"x": [-1, 2]}"#] {
            let json = #"{"pairs": [], "resolutions": {}, "records": "# + records + "}"
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(ClockConstraints.self, from: Data(json.utf8)) }
        }
        let kept = try JSONDecoder().decode(ClockConstraints.self, from: Data(#"{"pairs": [], "resolutions": {}, "records": {"x": [2, 3]}}"#.utf8))
        #expect(kept.records == ["x": [2, 3]] && kept.pointHosts == ["x"])
    }
}
