extension CausalModel: Equatable {
    /// Equality of everything except `convergence`, which depends on the order executions were added.
    public static func == (a: CausalModel, b: CausalModel) -> Bool {
        a.ariadneModel == b.ariadneModel && a.options == b.options && a.executions == b.executions
            && a.events == b.events && a.resolutions == b.resolutions && a.types == b.types && a.pairs == b.pairs
            && a.clockConstraints == b.clockConstraints && a.templates == b.templates && a.calls == b.calls
    }
}

extension CausalModel {
    /// The model of the union of the (disjoint) executions of `a` and `b`: counters add, first witnesses
    /// take the smaller execution id, clock constraints add. Equal (`==`) to the model inferred
    /// from all executions at once. Convergence cannot be merged exactly: the result keeps `a`'s points
    /// and appends one point for the merged model.
    public static func merge(_ a: CausalModel, _ b: CausalModel) throws -> CausalModel {
        guard a.options == b.options else { throw ModelError.incompatibleOptions(a.options, b.options) }
        // Counters come from files: a sum that overflows is an error, not a trap.
        func sum(_ x: Int, _ y: Int, _ what: String) throws -> Int {
            let (total, overflow) = x.addingReportingOverflow(y)
            guard !overflow else { throw ModelError.countOverflow(what) }
            return total
        }
        var typesByName: [String: TypeStats] = [:]
        for t in a.types { typesByName[t.name] = t }
        for t in b.types {
            guard var m = typesByName[t.name] else {
                typesByName[t.name] = t
                continue
            }
            m.executions = try sum(m.executions, t.executions, "types.executions")
            m.events = try sum(m.events, t.events, "types.events")
            var counts: [Int: Int] = [:]
            for x in m.multiplicity + t.multiplicity {
                counts[x.count] = try sum(counts[x.count] ?? 0, x.executions, "types.multiplicity.executions")
            }
            m.multiplicity = counts.sorted { $0.key < $1.key }.map { Multiplicity(count: $0.key, executions: $0.value) }
            m.first = Swift.min(m.first, t.first)
            typesByName[t.name] = m
        }
        let aTypes = Dictionary(uniqueKeysWithValues: a.types.map { ($0.name, $0) })
        let bTypes = Dictionary(uniqueKeysWithValues: b.types.map { ($0.name, $0) })
        var pairsByKey: [HostPairKey: PairStats] = [:]
        for p in a.pairs { pairsByKey[HostPairKey(a: p.a, b: p.b)] = p }
        for p in b.pairs {
            let key = HostPairKey(a: p.a, b: p.b)
            guard var m = pairsByKey[key] else {
                pairsByKey[key] = p
                continue
            }
            m.together = try sum(m.together, p.together, "pairs.together")
            m.supports = try sum(m.supports, p.supports, "pairs.supports")
            m.counterexamples = try sum(m.counterexamples, p.counterexamples, "pairs.counterexamples")
            m.firstTogether = Swift.min(m.firstTogether, p.firstTogether)
            m.firstCounterexample = Witness.first(m.firstCounterexample, p.firstCounterexample)
            m.firstWithoutB = Witness.first(m.firstWithoutB, p.firstWithoutB)
            pairsByKey[key] = m
        }
        let aKeys = Set(a.pairs.map { HostPairKey(a: $0.a, b: $0.b) })
        let bKeys = Set(b.pairs.map { HostPairKey(a: $0.a, b: $0.b) })
        for (key, var p) in pairsByKey {
            let inA = aKeys.contains(key), inB = bKeys.contains(key)
            if !inA, let t = aTypes[key.a] { p.firstWithoutB = Witness.first(p.firstWithoutB, t.first) }
            if !inB, let t = bTypes[key.a] { p.firstWithoutB = Witness.first(p.firstWithoutB, t.first) }
            pairsByKey[key] = p
        }
        var resolutions: [Int64: Int] = [:]
        for r in a.resolutions + b.resolutions {
            resolutions[r.resolution] = try sum(resolutions[r.resolution] ?? 0, r.executions, "resolutions.executions")
        }
        var merged = CausalModel(
            ariadneModel: formatVersion, options: a.options, executions: try sum(a.executions, b.executions, "executions"),
            events: try sum(a.events, b.events, "events"),
            resolutions: resolutions.sorted { $0.key < $1.key }.map { ResolutionCount(resolution: $0.key, executions: $0.value) },
            types: typesByName.values.sorted { $0.name < $1.name },
            pairs: pairsByKey.values.sorted { ($0.a, $0.b) < ($1.a, $1.b) },
            clockConstraints: ClockConstraints.merge(a.clockConstraints, b.clockConstraints),
            convergence: a.convergence)
        if merged.executions > 0 { merged.convergence.append(merged.convergencePoint()) }
        merged.templates = mergeTemplates(a.templates, b.templates)
        merged.idDiscovery = a.idDiscovery == b.idDiscovery ? a.idDiscovery : nil
        merged.clocks = a.clocks == b.clocks ? a.clocks : nil
        if let x = a.calls, let y = b.calls {
            merged.calls = try CallGraph.merge(x, y)
        } else {
            merged.calls = a.calls ?? b.calls
        }
        if a.streamClosings != nil || b.streamClosings != nil {
            let x = a.streamClosings ?? StreamClosings(wallClockIdle: 0, openCap: 0)
            let y = b.streamClosings ?? StreamClosings(wallClockIdle: 0, openCap: 0)
            merged.streamClosings = StreamClosings(wallClockIdle: try sum(x.wallClockIdle, y.wallClockIdle, "stream_closings.wall_clock_idle"),
                                                   openCap: try sum(x.openCap, y.openCap, "stream_closings.open_cap"))
        }
        return merged
    }

    /// The rejection counters of this model, as `ModelBuilder` records them at its checkpoints.
    public func convergencePoint() -> ConvergencePoint {
        var executionsOf: [String: Int] = [:]
        for t in types { executionsOf[t.name] = t.executions }
        return ConvergencePoint(
            executions: executions, types: types.count, contradicted: pairs.filter { $0.counterexamples > 0 }.count,
            together: pairs.count, coOccurring: pairs.filter { $0.together == executionsOf[$0.a] }.count)
    }

    /// Surviving strict hypotheses over this model's whole vocabulary after each checkpoint.
    public var convergenceCurve: [(executions: Int, hypotheses: Int)] {
        convergence.map { ($0.executions, $0.hypotheses(types: types.count)) }
    }

    /// Infers the model of `executions` in one call, cross-host order from clocks estimated on all of
    /// them (unless `options.skew` is set).
    public static func infer<S: Sequence>(_ executions: S, options: InferenceOptions = InferenceOptions()) -> CausalModel
    where S.Element == Execution {
        let all = Array(executions)
        let builder = ModelBuilder(options: options)
        let constraints = options.skew == nil ? ClockCalibration.constraints(all) : nil
        let solved = constraints.flatMap { ClockCalibration.solve($0) }
        builder.clocks = solved.flatMap { ClockCalibration.isCoherent($0) ? HostClocks($0) : nil }
        builder.hostResolutions = constraints?.resolutions ?? [:]
        let calls = CallGraphBuilder()
        let resolution = ExecutionOrder.resolution(of: all.lazy.flatMap { $0.events.lazy.compactMap(\.time) })
        let order = ExecutionOrder(bound: options.bound(resolution: resolution), clocks: builder.clocks, resolution: resolution,
                                   hostResolutions: builder.hostResolutions)
        // The reading graph goes with estimated clocks: ordered by a skew bound (given, or where nothing
        // could be estimated), the model of a union is exactly the merge of the models.
        let reading = builder.clocks != nil ? CallGraphBuilder.readingCalls(all, order: order) : nil
        for e in all {
            builder.add(e, namings: calls.add(e, order: order, reading: reading).namings)
        }
        var model = builder.model()
        model.clocks = solved.map { ClockReport($0, executions: all.count) }
        model.calls = calls.graph()
        return model
    }

    /// Per type the smaller template, so merging in any order gives the same result.
    static func mergeTemplates(_ a: [String: String]?, _ b: [String: String]?) -> [String: String]? {
        guard let a else { return b }
        guard let b else { return a }
        return a.merging(b) { Swift.min($0, $1) }
    }

    /// How a type is shown to people: its name, followed by its template when the name is a mined hash.
    public func display(_ type: String) -> String {
        guard type.hasPrefix("T"), type.count == 17, let template = templates?[type] else { return type }
        let short = template.count > 60 ? String(template.prefix(57)) + "..." : template
        return "\(type) \"\(short)\""
    }
}
