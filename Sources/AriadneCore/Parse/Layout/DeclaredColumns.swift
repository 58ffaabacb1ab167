import Foundation

/// A layout the file declares itself: a header line naming its columns, read rather than guessed.
///
/// - W3C extended log format (`#Fields: date time s-ip cs-method cs-uri-stem … sc-status time-taken`),
///   as IIS, Amazon CloudFront and the Windows Firewall write it: columns separated by a space (a tab
///   when the lines are, as CloudFront's), `-` for no value, after `#Software:`/`#Version:`/`#Date:`.
/// - Zeek (`#separator \x09`, `#fields<TAB>ts<TAB>uid<TAB>id.orig_h…`, `#types …`): columns separated by
///   the declared separator.
///
/// Each column but the time's becomes a field named after it, `-` being no value (`fieldName`: W3C's
/// `cs-`/`sc-` direction prefixes go, `c-`/`s-`/`r-` say client, server, remote; `cs(X-Request-ID)` is the
/// header `x_request_id`), so `sc-status` is a `status` that `LogSignals` reads and `time-taken` a
/// duration `RecordDuration` reads.
/// The time is `date` and `time` side by side (read as one stamp), or one column named for a time
/// (`ts`, `timestamp`, `datetime`, `time`) whose values a layout of `TimestampLibrary` reads. The
/// message runs from the request's method (or the first column after the time) to its status (or the
/// last column); the other columns are fields only. Every line is one record (`continuation: none`);
/// lines starting with `#` are header lines.
enum DeclaredColumns {
    /// What a header line declares.
    struct Declaration: Equatable {
        /// The columns' names as written.
        var names: [String]
        /// The byte between values: a space or a tab (W3C), or Zeek's declared separator.
        var separator: UInt8
        /// Zeek's `#fields`: its records are connections between hosts, none written by one of them, so
        /// no column is the record's host.
        var zeek: Bool
    }

    /// The declaration among `lines` (the first), with the separator its data lines use, or nil.
    static func declaration(in lines: [String]) -> Declaration? {
        var zeekSeparator: UInt8 = 9
        for line in lines where line.hasPrefix("#") {
            if line.hasPrefix("#separator ") {
                zeekSeparator = separatorByte(line.dropFirst("#separator ".count)) ?? zeekSeparator
            } else if line.hasPrefix("#fields") {
                let rest = line.dropFirst("#fields".count)
                guard rest.utf8.first == zeekSeparator else { continue }
                let names = rest.utf8.split(separator: zeekSeparator).map { String(decoding: $0, as: UTF8.self) }
                    .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                guard names.count >= 2 else { continue }
                return Declaration(names: names, separator: zeekSeparator, zeek: true)
            } else if line.lowercased().hasPrefix("#fields:") {
                let names = line.dropFirst("#fields:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard names.count >= 2 else { continue }
                let data = lines.filter { !$0.hasPrefix("#") && !$0.isEmpty }
                let tabbed = data.filter { $0.utf8.split(separator: 9, omittingEmptySubsequences: false).count == names.count }.count
                return Declaration(names: names, separator: !data.isEmpty && tabbed * 2 >= data.count ? 9 : 32, zeek: false)
            }
        }
        return nil
    }

    /// Zeek's separator: `\x09`-style escapes or the byte itself.
    private static func separatorByte(_ text: Substring) -> UInt8? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("\\x"), let value = UInt8(trimmed.dropFirst(2), radix: 16) { return value }
        return trimmed.utf8.count == 1 ? trimmed.utf8.first : nil
    }

    /// The layout `sample` (raw lines) declares, or nil when it declares none or the declaration fits
    /// none of its lines. `name` is the pattern's name.
    static func infer(sample: [[UInt8]], name: String) -> InferredLayout? {
        let lines = sample.map { String(decoding: $0, as: UTF8.self) }
        guard lines.contains(where: { $0.hasPrefix("#") }), let declared = declaration(in: lines) else { return nil }
        let data = lines.filter { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) }
        guard !data.isEmpty else { return nil }
        let names = groupNames(declared)
        let roles = Roles(declared, values: columnValues(data, declared))
        let value = declared.separator == 32 ? #"(?:"[^"]*"|\S+)"# : "[^" + escaped(declared.separator) + #"\n]*"#
        let gap = declared.separator == 32 ? " +" : escaped(declared.separator)
        var parts: [String] = []
        for (index, group) in names.enumerated() {
            var part = ""
            if index == roles.messageStart { part += "(?<message>" }
            if let time = roles.time, index == time.lowerBound { part += "(?<timestamp>" }
            // The time's columns are the stamp's; another column's `-` is no value (W3C's, Zeek's unset).
            part += roles.time?.contains(index) == true ? value : "(?:-(?=\(gap)|\\s*$)|(?<\(group)>\(value)))"
            if let time = roles.time, index == time.upperBound - 1 { part += ")" }
            if index == roles.messageEnd - 1 { part += ")" }
            parts.append(part)
        }
        let record = "^" + parts.joined(separator: gap) + #"\s*$"#
        guard let strict = try? CompiledRegex(record) else { return nil }
        let matcher = strict.makeMatcher()
        let fitted = data.filter { (try? matcher.matches($0)) == true }.count
        guard fitted > 0 else { return nil }
        let share = Double(fitted) / Double(data.count)
        let directive = declared.zeek ? "#fields" : "#Fields"
        var summary = "\(declared.names.count) columns declared by \(directive)"
        if let time = roles.time { summary += " · timestamp " + declared.names[time].joined(separator: " ") }
        summary += " · message " + declared.names[roles.messageStart] + " … " + declared.names[roles.messageEnd - 1]
        var yaml = """
            # Read by ariadne from the file's \(directive) line: \(summary); \(Int((share * 100).rounded(.down)))% of the first \(lines.count) lines.
            # Edit it and pass it with --patterns FILE (see Patterns/README.md for the keys).
            name: \(name)
            description: \(RegexBuilder.quoted("declared columns: " + summary))
            format: regex
            skip: '^#'
            record: \(RegexBuilder.quoted(record))
            continuation: none
            message_fields: true

            """
        if !roles.formats.isEmpty {
            yaml += "timestamp:\n  formats: [" + roles.formats.map(yamlString).joined(separator: ", ") + "]\n"
        }
        guard let pattern = try? PatternLoader.load(yaml: yaml, file: "inferred") else { return nil }
        return InferredLayout(pattern: pattern, yaml: yaml, summary: summary, share: share, sampleLines: data.count, strict: strict)
    }

    /// A field name for each column (`fieldName`), as a PCRE2 group name: a name two columns would
    /// share, or a record's own (`timestamp`, `host`, `service`, `level`, `message`), is the column's
    /// whole name instead (`cs_bytes`, `sc_bytes`; Zeek's Host header `host` is `host_field`).
    static func groupNames(_ declared: Declaration) -> [String] {
        let short = declared.names.map(fieldName)
        var counts: [String: Int] = [:]
        for name in short { counts[name, default: 0] += 1 }
        var taken: Set<String> = []
        return zip(declared.names, short).map { written, name in
            var chosen = counts[name]! > 1 || reserved.contains(name) ? sanitized(written) : name
            if reserved.contains(chosen) { chosen += "_field" }
            var unique = String(chosen.prefix(28)), number = 2
            while taken.contains(unique) {
                unique = String(chosen.prefix(28)) + "\(number)"
                number += 1
            }
            taken.insert(unique)
            return unique
        }
    }

    /// Group names a record's own captures use.
    private static let reserved: Set<String> = ["timestamp", "host", "service", "level", "message"]

    /// A column's field name. W3C's prefixes (its grammar, not a product's): `cs-`, `sc-`, `sr-`, `rs-`
    /// give a direction and are dropped (`cs-method` → `method`, `sc-status` → `status`); `c-`, `s-`,
    /// `r-` are the client, the server and the remote server (`c-ip` → `client_ip`, which the call graph
    /// reads as the caller); `x-` marks an application's own field (`x-edge-location` → `edge_location`);
    /// `cs(Name)` is the request's header `Name` and `sc(Name)` the response's (`response_name`). Other
    /// names (Zeek's) keep their words, `.` and `-` written `_` (`id.orig_h` → `id_orig_h`).
    static func fieldName(_ column: String) -> String {
        let lower = column.lowercased()
        if let open = lower.firstIndex(of: "("), lower.hasSuffix(")") {
            let prefix = lower[..<open]
            let header = lower[lower.index(after: open)..<lower.index(before: lower.endIndex)]
            return sanitized((prefix == "sc" || prefix == "rs" ? "response_" : "") + header)
        }
        for (prefix, replacement) in [("cs-", ""), ("sc-", ""), ("sr-", ""), ("rs-", ""), ("c-", "client_"), ("s-", "server_"),
                                      ("r-", "remote_"), ("x-", "")] where lower.hasPrefix(prefix) && lower.count > prefix.count {
            return sanitized(replacement + lower.dropFirst(prefix.count))
        }
        return sanitized(lower)
    }

    /// `text` lower-cased with every run of other characters than letters and digits one `_`, none at
    /// either end, and `f_` before a leading digit.
    static func sanitized<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                out.append(character)
            } else if !out.isEmpty, out.last != "_" {
                out.append("_")
            }
        }
        while out.last == "_" { out.removeLast() }
        if out.isEmpty { return "column" }
        return out.first!.isNumber ? "f_" + out : out
    }

    /// Per column, the values of the data lines whose column count is the declaration's.
    private static func columnValues(_ data: [String], _ declared: Declaration) -> [[String]] {
        var columns = [[String]](repeating: [], count: declared.names.count)
        for line in data {
            let values = declared.separator == 32
                ? line.split(separator: " ").map(String.init)
                : line.utf8.split(separator: declared.separator, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard values.count == declared.names.count else { continue }
            for (index, value) in values.enumerated() { columns[index].append(value) }
        }
        return columns
    }

    /// Which columns are the time and which the message.
    struct Roles {
        /// The time's columns (one, or `date` and `time` side by side).
        var time: Range<Int>?
        /// The formats that read them (the time's columns joined by the separator).
        var formats: [String] = []
        var messageStart = 0
        var messageEnd = 0

        init(_ declared: Declaration, values: [[String]]) {
            let names = declared.names.map { $0.lowercased() }
            if let date = names.firstIndex(of: "date"), date + 1 < names.count, names[date + 1] == "time",
               let format = Self.format(zip(values[date], values[date + 1]).map { $0 + " " + $1 }) {
                time = date..<(date + 2)
                formats = [declared.separator == 32 ? format : format.replacingOccurrences(of: " ", with: "\t")]
            } else {
                for (index, name) in names.enumerated() where Self.timeNames.contains(name) {
                    guard let format = Self.format(values[index]) else { continue }
                    time = index..<(index + 1)
                    formats = [format]
                    break
                }
            }
            let afterTime = time.map { $0.upperBound < names.count ? $0.upperBound : 0 } ?? 0
            messageStart = names.firstIndex { ["cs-method", "method"].contains($0) } ?? afterTime
            let status = names.lastIndex { ["sc-status", "status", "status_code", "status-code"].contains($0) }
            messageEnd = status.map { $0 >= messageStart ? $0 + 1 : names.count } ?? names.count
            if let time, messageStart < time.upperBound, messageEnd > time.lowerBound {
                // The message may not hold the time: it is the columns after it.
                (messageStart, messageEnd) = time.upperBound < names.count ? (time.upperBound, names.count) : (0, time.lowerBound)
            }
        }

        /// Names of a column holding the record's time.
        static let timeNames: Set<String> = ["ts", "timestamp", "@timestamp", "datetime", "date-time", "date_time", "time"]

        /// The first layout of `TimestampLibrary` whose text is the whole of at least 90% of `values` (`-`
        /// left out), and which reads them.
        static func format(_ values: [String]) -> String? {
            let written = values.filter { $0 != "-" && !$0.isEmpty }
            guard !written.isEmpty else { return nil }
            for (entry, detector) in zip(TimestampLibrary.entries, LayoutInferrer.detectors) {
                // The layout's regex, matching the whole value, tells epoch seconds from milliseconds by their
                // digits; its format reads both.
                let matcher = detector.makeMatcher()
                let read = written.filter { value in
                    let bytes = Array(value.utf8)
                    return (try? matcher.matches(value)) == true && matcher.range(0) == 0..<bytes.count
                        && bytes.withUnsafeBufferPointer { entry.format.parse($0, offset: 0, year: 1970) } != nil
                }.count
                if Double(read) >= 0.9 * Double(written.count) { return entry.text }
            }
            return nil
        }
    }

    /// PCRE2 for the byte `separator`.
    private static func escaped(_ separator: UInt8) -> String {
        separator == 9 ? #"\t"# : TimestampLibrary.escape(separator)
    }

    /// `text` as a YAML string: double-quoted with `\t` for a tab, else single-quoted.
    static func yamlString(_ text: String) -> String {
        text.contains("\t") ? "\"" + text.replacingOccurrences(of: "\t", with: "\\t") + "\"" : RegexBuilder.quoted(text)
    }
}
