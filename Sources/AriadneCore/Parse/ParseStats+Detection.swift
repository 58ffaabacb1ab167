extension ParseStats {
    /// One line per directory whose inputs of one log were detected as different patterns (or different
    /// inferred layouts), naming the files of each: `logs: api-1.log, api-2.log: log4j; api-3.log:
    /// inferred (timestamp … · message)`. One log: the files whose names name one service
    /// (`HostNaming.service(ofHost:)` of the name without extensions and rotations: `api-1.log`,
    /// `api-2.log.1`); an access log beside an error log, or each service's own file, may well differ.
    /// Inputs given a pattern with `--pattern` are left out. Directories in the order first read.
    public func mixedDetections() -> [String] {
        var order: [String] = []
        var byDirectory: [String: [InputStats]] = [:]
        for input in inputs where input.detected {
            let name = Self.fileName(input.input)
            let stem = HostNaming.host(fromFile: name) ?? name
            let log = ParseSession.directory(of: input.input) + "/" + (HostNaming.service(ofHost: stem) ?? stem)
            if byDirectory[log] == nil { order.append(log) }
            byDirectory[log, default: []].append(input)
        }
        var lines: [String] = []
        for log in order {
            let group = byDirectory[log]!
            let directory = ParseSession.directory(of: log)
            var kinds: [String] = []
            var files: [String: [String]] = [:]
            for input in group {
                let kind = input.inferredLayout.map { "\(input.pattern) (\(Self.summary(of: $0)))" } ?? input.pattern
                if files[kind] == nil { kinds.append(kind) }
                files[kind, default: []].append(Self.fileName(input.input))
            }
            guard kinds.count > 1 else { continue }
            let parts = kinds.map { "\(files[$0]!.joined(separator: ", ")): \($0)" }
            lines.append("\(directory.isEmpty ? "." : directory): files detected differently: \(parts.joined(separator: "; "))")
        }
        return lines
    }

    /// One line per input at least half of whose events have no time, saying what that costs and
    /// what to type: such events are ordered against other inputs' by input position only.
    public func untimedInputs() -> [String] {
        inputs.filter { $0.events > 0 && $0.untimedEvents * 2 >= $0.events }.map { input in
            "\(input.input): \(input.untimedEvents) of \(input.events) events have no time (no timestamp read from their lines); "
                + "across hosts they are ordered by input position only. If the lines carry a time, name its layout: "
                + "ariadne patterns infer \(input.input) > mine.yaml (JSON lines: ariadne patterns show jsonl > mine.yaml "
                + "with the time's key under keys: timestamp), edit it, then pass --patterns mine.yaml"
        }
    }

    /// One line per zone given to times that write none (`InputStats.localZone`), naming the inputs (up
    /// to five, then how many more) and what to type for another zone.
    public func localZones() -> [String] {
        var order: [String] = []
        var byZone: [String: [String]] = [:]
        for input in inputs {
            guard let zone = input.localZone else { continue }
            if byZone[zone] == nil { order.append(zone) }
            byZone[zone, default: []].append(input.input)
        }
        return order.map { zone in
            let names = byZone[zone]!
            let shown = Self.listed(names)
            return "times that write no zone are read in \(zone), the zone most inputs that write one write: \(shown); "
                + "for another, give the pattern `timestamp: {timezone: '+00:00'}` (ariadne patterns infer FILE > mine.yaml, then --patterns mine.yaml)"
        }
    }

    /// One line for the inputs whose times say no year and were given the pattern's default
    /// (`InputStats.assumedYear`), naming them (up to five, then how many more) and what to type.
    public func assumedYears() -> [String] {
        let assumed = inputs.filter { $0.assumedYear != nil }
        guard let year = assumed.first?.assumedYear else { return [] }
        let shown = Self.listed(assumed.map(\.input))
        return ["times that say no year are read in \(year), no input read with them saying one: \(shown); "
            + "give the year in the pattern, `timestamp: {year: 2026}` (ariadne patterns show NAME > mine.yaml, "
            + "or ariadne patterns infer FILE > mine.yaml; then --patterns mine.yaml), or read them with an input that dates its lines"]
    }

    /// Up to five `names`, then how many more.
    private static func listed(_ names: [String]) -> String {
        names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
    }

    private static func summary(of layout: String) -> String {
        layout.split(separator: ";").first.map(String.init) ?? layout
    }

    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
