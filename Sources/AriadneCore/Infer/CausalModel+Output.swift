import Foundation

extension CausalModel {
    /// The model as JSON: pretty, keys sorted and snake_case, deterministic (see the type's documentation).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }

    /// Reads a model written by `jsonData()`; throws `ModelError.unsupportedVersion` for other versions
    /// and `ModelError.inconsistent` for counters no inference could have written.
    public static func read(json data: Data) throws -> CausalModel {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        struct Version: Decodable { var ariadneModel: Int }
        let version = try decoder.decode(Version.self, from: data).ariadneModel
        guard version == formatVersion else { throw ModelError.unsupportedVersion(version) }
        let model = try decoder.decode(CausalModel.self, from: data)
        try model.checkConsistency()
        return model
    }

    /// The invariants every inferred model keeps, which later arithmetic relies on.
    func checkConsistency() throws {
        func require(_ condition: Bool, _ what: @autoclosure () -> String) throws {
            if !condition { throw ModelError.inconsistent(what()) }
        }
        try require(executions >= 0 && events >= 0, "negative executions or events")
        var executionsOf: [String: Int] = [:]
        for t in types {
            try require(executionsOf[t.name] == nil, "type \(t.name) is listed twice")
            try require((0...executions).contains(t.executions) && t.events >= 0, "type \(t.name) has counts outside 0...executions")
            try require(!t.multiplicity.isEmpty && t.multiplicity.allSatisfy { $0.count >= 1 && $0.executions >= 0 },
                        "type \(t.name) has no multiplicity or a count below 1")
            executionsOf[t.name] = t.executions
        }
        for p in pairs {
            guard let a = executionsOf[p.a], let b = executionsOf[p.b] else {
                throw ModelError.inconsistent("pair \(p.a) -> \(p.b) names a type that is not listed")
            }
            try require(p.together >= 0 && p.together <= Swift.min(a, b), "pair \(p.a) -> \(p.b): together outside 0...min(executions)")
            try require(a - p.together <= executions - b, "pair \(p.a) -> \(p.b): more executions than the model has")
            try require((0...p.together).contains(p.supports) && (0...p.together).contains(p.counterexamples),
                        "pair \(p.a) -> \(p.b): supports or counterexamples outside 0...together")
        }
        let paired = Set(pairs.map { HostPairKey(a: $0.a, b: $0.b) })
        for (i, a) in types.enumerated() {
            for b in types[(i + 1)...] where !paired.contains(HostPairKey(a: a.name, b: b.name)) {
                try require(a.executions <= executions - b.executions, "types \(a.name) and \(b.name) never together but more than all executions")
            }
        }
        try require(clockConstraints.isWellFormed && resolutions.allSatisfy { $0.executions >= 0 && $0.resolution > 0 },
                    "negative clock constraint or resolution counts, or a host pair with more lower than upper bounds")
    }

    /// Graphviz DOT of the happens-before graph at `tolerance` (default: the model's), transitively
    /// reduced (an edge is dropped when another path of length two or more joins its ends), edges
    /// labelled `support/together`, nodes labelled with their usual multiplicity when it is not 1.
    /// Types without any happens-before edge are left out.
    public func dot(tolerance: Double? = nil) -> String {
        let relations = self.relations(tolerance: tolerance ?? options.tolerance)
        let edges = Self.transitiveReduction(relations.happensBefore.map { ($0.before, $0.after) })
        let kept = Set(edges.map { "\($0.0)\u{0}\($0.1)" })
        var nodes = Set<String>()
        for e in edges { nodes.insert(e.0); nodes.insert(e.1) }
        let repetition = Dictionary(uniqueKeysWithValues: relations.repetitions.map { ($0.type, $0) })
        var lines = ["digraph ariadne {", "  rankdir=TB;", "  node [shape=box, fontname=\"Helvetica\"];"]
        for n in nodes.sorted() {
            var label = [display(n)]
            if let r = repetition[n], r.mostCommon != 1 || r.max != 1 {
                label.append(r.min == r.max ? "×\(r.mostCommon)" : "×\(r.mostCommon) (\(r.min)–\(r.max))")
            }
            lines.append("  \(DOT.quoted(n)) [label=\(DOT.quoted(lines: label))];")
        }
        for hb in relations.happensBefore where kept.contains("\(hb.before)\u{0}\(hb.after)") {
            lines.append("  \(DOT.quoted(hb.before)) -> \(DOT.quoted(hb.after)) [label=\"\(hb.support)/\(hb.together)\"];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Edges not implied by a longer path between their ends (on a DAG, the transitive reduction).
    static func transitiveReduction(_ edges: [(String, String)]) -> [(String, String)] {
        var successors: [String: [String]] = [:]
        for (a, b) in edges { successors[a, default: []].append(b) }
        return edges.filter { a, b in
            var seen: Set<String> = [a]
            var stack = successors[a, default: []].filter { $0 != b }
            while let x = stack.popLast() {
                if x == b { return false }
                if seen.insert(x).inserted { stack.append(contentsOf: successors[x, default: []]) }
            }
            return true
        }
    }

    /// A readable summary for the terminal: sizes of the strict and tolerant models, the main
    /// relations, repetitions, clock skew and convergence.
    public func summary(top: Int = 15) -> String {
        let strict = self.strict, tolerant = self.tolerant
        var out: [String] = []
        out.append("model: \(executions) executions, \(events) events, \(types.count) event types")
        let skewText = options.skew.map { "\(Self.duration($0))" } ?? "estimated clocks where known, else max(1ms, resolution)"
        let res = resolutions.map { "\(Self.duration($0.resolution)) ×\($0.executions)" }.joined(separator: ", ")
        out.append("ordering: skew \(skewText); timestamp resolution \(res)")
        out.append("strict model: \(strict.happensBefore.count) happens-before, \(strict.exclusions.count) exclusions, \(strict.coOccurrences.count) co-occurrences")
        out.append("tolerant model (\(options.tolerance)): \(tolerant.happensBefore.count) happens-before, \(tolerant.exclusions.count) exclusions, \(tolerant.coOccurrences.count) co-occurrences")
        let reduced = Self.transitiveReduction(tolerant.happensBefore.map { ($0.before, $0.after) })
        let keep = Set(reduced.map { "\($0.0)\u{0}\($0.1)" })
        let shown = tolerant.happensBefore.filter { keep.contains("\($0.before)\u{0}\($0.after)") }
            .sorted { ($1.support, $0.before, $0.after) < ($0.support, $1.before, $1.after) }
        out.append("happens-before (transitively reduced, by support):")
        for hb in shown.prefix(top) {
            let cex = hb.counterexamples > 0 ? ", \(hb.counterexamples) against" : ""
            out.append("  \(display(hb.before)) → \(display(hb.after))  [\(hb.support)/\(hb.together)\(cex)]")
        }
        if shown.count > top { out.append("  ... \(shown.count - top) more") }
        let repeated = tolerant.repetitions.filter { $0.max > 1 }.sorted { ($1.executions, $0.type) < ($0.executions, $1.type) }
        if !repeated.isEmpty {
            out.append("repetition (per execution: most common, range):")
            for r in repeated.prefix(top) { out.append("  \(display(r.type)): ×\(r.mostCommon) (\(r.min)–\(r.max)) in \(r.executions) executions") }
        }
        if options.skew != nil {
            out.append("clocks: not estimated, --skew orders every pair of hosts")
        } else if let clocks {
            out.append(contentsOf: clocks.lines())
        } else {
            out.append("clocks: not estimated (no pair of hosts nested like a call and its return in 3+ executions); the default skew orders every pair of hosts")
        }
        if let calls {
            let edges = calls.serviceEdges
            out.append("calls between services (\(edges.count); kind, executions with evidence/executions with both):")
            for e in edges.prefix(top) {
                out.append("  \(e.from) → \(e.to)  [\(e.kind.rawValue) \(e.executions)/\(e.together)]")
            }
            if edges.count > top { out.append("  ... \(edges.count - top) more (all in the model JSON, `calls`; --format calls draws them)") }
            let aliases = calls.aliases.hosts.sorted { $0.key < $1.key }
            if !aliases.isEmpty {
                out.append("addresses learned for hosts (\(aliases.count); records name the hosts by them):")
                for (address, host) in aliases.prefix(top) { out.append("  \(address) = \(host)") }
                if aliases.count > top { out.append("  ... \(aliases.count - top) more (all in the model JSON, `calls.aliases`)") }
            }
        }
        if let closings = streamClosings {
            out.append("stream limits closed \(closings.wallClockIdle) executions by wall-clock idleness and \(closings.openCap) by the cap on open executions (possibly fragments)")
        }
        if !convergence.isEmpty {
            let points = convergenceCurve.map { "\($0.executions):\($0.hypotheses)" }.joined(separator: " ")
            out.append("convergence (executions:surviving hypotheses): \(points)")
        }
        return out.joined(separator: "\n")
    }

    /// A duration for people: exact when it is a whole number of a unit, else three significant digits.
    static func duration(_ ns: Int64) -> String {
        if ns == 0 { return "0s" }
        if ns % 1_000_000_000 == 0 { return "\(ns / 1_000_000_000)s" }
        if ns % 1_000_000 == 0 { return "\(ns / 1_000_000)ms" }
        if ns % 1_000 == 0 && ns.magnitude < 1_000_000 { return "\(ns / 1_000)µs" }
        let units: [(Double, String)] = [(1e9, "s"), (1e6, "ms"), (1e3, "µs")]
        for (scale, unit) in units where Double(ns.magnitude) >= scale {
            return String(format: "%.3g", Double(ns) / scale) + unit
        }
        return "\(ns)ns"
    }
}
