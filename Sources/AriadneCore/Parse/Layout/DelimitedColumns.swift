import Foundation

/// A log written as delimited values: CSV as RFC 4180 writes it (a log platform's export, PostgreSQL's
/// `csvlog`), or the same with a tab or `;` between values. Read as a `format: csv` pattern.
///
/// - Records: lines are joined while a quoted value is open (a statement over several lines).
/// - Delimiter: the first of `,`, tab, `;` that splits at least 90% of the sample's records into the
///   same number of values: at least 3 after a header, at least 4 without one, so a line with a comma in
///   its time (`14:00:01,123`) or its message is not read as columns; tabs only after a header (zap's
///   console columns are read by `LayoutInferrer`'s header inference, which names a `caller`).
/// - Header: a first record of names (each opening with a letter, `@` or `_`, none a time),
///   as many as the records have values. The pattern names its columns by it and skips it wherever it
///   recurs (exports concatenated). Without one the columns are `column1`, `column2`…, and no value but
///   the message's may open or close with a space.
/// - Roles, by value, names breaking ties:
///   - time: the column that a layout of `TimestampLibrary` reads whole in 90% of the records (a column
///     named for a time first; without a header, the first column only);
///   - level: the column whose values are level words (`HeaderShape.levels`) in 90% of the records that
///     have one;
///   - message: the column named so (`message`, `msg`, `log`, `content`…), else the one holding the most
///     distinct values with a space (free text, not a constant label), then the most text, a time (a
///     session's start) never;
///   - host and service: by name only (`pod`, `host`, `hostname`, `node`…; `service`, `app`…), as
///     structured records name them (`StructuredRecord`).
///   Every other column is a field named after it; an empty value is no field.
enum DelimitedColumns {
    /// The delimiters tried, in order (not `|`: NLog's header columns are `LayoutInferrer.pipedHeader`'s).
    static let delimiters: [UInt8] = [UInt8(ascii: ","), 9, UInt8(ascii: ";")]
    /// Share of the records that must agree on the number of values, on the time and on the level.
    static let agreement = 0.9

    /// Column names of a machine or an instance writing the record, preferred in this order.
    static let hostNames = ["pod", "podname", "pod_name", "kubernetes_pod_name", "instance", "host", "hostname", "host_name",
                            "server", "computer", "computername", "computer_name", "machine", "node", "nodename", "node_name"]
    /// Column names of the service writing the record, preferred in this order.
    static let serviceNames = ["service", "service_name", "servicename", "app", "application", "app_name", "appname",
                               "program", "component", "container", "container_name", "source"]
    /// Column names of the record's text, preferred in this order.
    static let messageNames = ["message", "msg", "log", "content", "text", "body", "raw", "line", "log_message", "event"]
    /// Column names of a time, tried before the others.
    static let timeNames = ["timestamp", "time", "ts", "datetime", "date_time", "date", "time_generated", "timegenerated",
                            "event_time", "eventtime", "log_time", "logtime", "created_at", "logged_at"]

    /// The layout of `sample` (raw lines), or nil when its records are not delimited values with a time.
    static func infer(sample: [[UInt8]], name: String) -> InferredLayout? {
        let lines = sample.map { String(decoding: $0, as: UTF8.self) }.filter { !$0.allSatisfy(\.isWhitespace) }
        guard lines.count >= 3 else { return nil }
        for delimiter in delimiters where lines.contains(where: { $0.utf8.contains(delimiter) }) {
            if let layout = infer(lines, delimiter: delimiter, name: name) { return layout }
        }
        return nil
    }

    /// One record of the sample: its values and how many lines it took.
    struct Record {
        var values: [String]
        var lines: Int
    }

    /// The records of `lines`: lines joined while a quoted value is open, each split at `delimiter`.
    static func records(_ lines: [String], delimiter: UInt8) -> [Record] {
        var records: [Record] = []
        var pending: (text: String, lines: Int, open: Bool)?
        for line in lines {
            let open = CSVReader.quoteOpen(after: line.utf8, delimiter: delimiter, open: pending != nil)
            let joined = pending.map { ($0.text + "\n" + line, $0.lines + 1, open) } ?? (line, 1, open)
            if joined.2 {
                pending = joined
                continue
            }
            pending = nil
            records.append(Record(values: CSVReader.fields(joined.0, delimiter: delimiter), lines: joined.1))
        }
        if let pending { records.append(Record(values: CSVReader.fields(pending.text, delimiter: delimiter), lines: pending.lines)) }
        return records
    }

    private static func infer(_ lines: [String], delimiter: UInt8, name: String) -> InferredLayout? {
        let all = records(lines, delimiter: delimiter)
        let header = all.first.map(\.values).flatMap { isHeader($0) ? $0 : nil }
        let data = all.filter { $0.values != header }
        var widths: [Int: Int] = [:]
        for record in data { widths[record.values.count, default: 0] += 1 }
        guard let (width, count) = widths.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
              width >= (header == nil ? 4 : 3), count >= 2, Double(count) >= agreement * Double(data.count),
              // Without names, tabs are a console's columns (zap's `time<TAB>level<TAB>caller<TAB>message`), which
              // the header inference reads with their kinds.
              header != nil || delimiter != 9,
              header == nil || header!.count == width else { return nil }
        let rows = data.filter { $0.values.count == width }.map(\.values)
        let columns = (0..<width).map { column in rows.map { $0[column] } }
        let names = header.map(columnNames) ?? (1...width).map { "column\($0)" }
        let normalized = (header ?? []).map(normalizedName)
        /// The first column of `wanted` names (in their order) that a header gives.
        func named(_ wanted: [String], except taken: Set<Int>) -> Int? {
            for name in wanted {
                if let index = normalized.firstIndex(of: name), !taken.contains(index),
                   columns[index].filter({ !$0.isEmpty }).count * 2 >= rows.count { return index }
            }
            return nil
        }
        let timeCandidates = header == nil ? [0] : timeNames.compactMap { normalized.firstIndex(of: $0) } + Array(0..<width)
        var time: (column: Int, format: String)?
        for column in timeCandidates {
            if let format = DeclaredColumns.Roles.format(columns[column]) {
                time = (column, format)
                break
            }
        }
        guard let time else { return nil }
        var taken: Set<Int> = [time.column]
        let level = (0..<width).first { column in
            let written = columns[column].filter { !$0.isEmpty }
            return column != time.column && written.count * 2 >= rows.count
                && Double(written.filter { HeaderShape.levels.contains($0.uppercased()) }.count) >= agreement * Double(written.count)
        }
        if let level { taken.insert(level) }
        let host = named(hostNames, except: taken)
        if let host { taken.insert(host) }
        let service = named(serviceNames, except: taken)
        if let service { taken.insert(service) }
        // Free text: the most distinct values with a space (a constant label is none), then the most text;
        // another time (a session's start) is none.
        let message = named(messageNames, except: taken) ?? (0..<width).filter {
            !taken.contains($0) && DeclaredColumns.Roles.format(columns[$0]) == nil
        }.max { a, b in
            let (spacesA, spacesB) = (Set(columns[a].filter { $0.contains(" ") }).count, Set(columns[b].filter { $0.contains(" ") }).count)
            let (lengthA, lengthB) = (columns[a].reduce(0) { $0 + $1.utf8.count }, columns[b].reduce(0) { $0 + $1.utf8.count })
            return spacesA != spacesB ? spacesA < spacesB : lengthA != lengthB ? lengthA < lengthB : a > b
        }
        guard let message else { return nil }
        if header == nil {
            // Without names, values padded with spaces say the commas are a message's, not a delimiter.
            for column in 0..<width where column != message {
                let padded = columns[column].filter { $0.first == " " || $0.last == " " }.count
                guard Double(padded) <= (1 - agreement) * Double(rows.count) else { return nil }
            }
        }
        let fitted = data.filter { $0.values.count == width }.reduce(0) { $0 + $1.lines } + (header == nil ? 0 : all[0].lines)
        let share = Double(fitted) / Double(lines.count)
        var summary = "\(width) columns separated by \(describe(delimiter))" + (header == nil ? "" : " named by a header")
        summary += " · timestamp \(names[time.column])"
        for (role, column) in [("level", level), ("host", host), ("service", service), ("message", message)] {
            if let column { summary += " · \(role) \(names[column])" }
        }
        var yaml = """
            # Read by ariadne from the file's delimited values: \(summary); \(Int((share * 100).rounded(.down)))% of the first \(lines.count) lines.
            # Edit it and pass it with --patterns FILE (see Patterns/README.md for the keys).
            name: \(name)
            description: \(RegexBuilder.quoted("delimited values: " + summary))
            format: csv
            delimiter: \(DeclaredColumns.yamlString(String(decoding: [delimiter], as: UTF8.self)))
            columns: [\(names.map(DeclaredColumns.yamlString).joined(separator: ", "))]

            """
        if let header, let first = lines.first, CSVReader.fields(first, delimiter: delimiter) == header {
            yaml += "skip: " + RegexBuilder.quoted("^" + TimestampLibrary.escape(first) + #"\r?$"#) + "\n"
        }
        if time.column == 0, let entry = TimestampLibrary.entries.first(where: { $0.text == time.format }) {
            // A record opens with its time: a line that does not continues the one before it.
            yaml += "record: " + RegexBuilder.quoted(#"^"?(?:"# + entry.regex + ")") + "\n"
        }
        yaml += """
            continuation: unmatched
            message_fields: true
            timestamp:
              formats: [\(DeclaredColumns.yamlString(time.format))]
            keys:
              timestamp: [\(DeclaredColumns.yamlString(names[time.column]))]
              message: [\(DeclaredColumns.yamlString(names[message]))]

            """
        for (role, column) in [("level", level), ("host", host), ("service", service)] {
            if let column { yaml += "  \(role): [\(DeclaredColumns.yamlString(names[column]))]\n" }
        }
        guard let pattern = try? PatternLoader.load(yaml: yaml, file: "inferred") else { return nil }
        return InferredLayout(pattern: pattern, yaml: yaml, summary: summary, share: share, sampleLines: lines.count, strict: nil)
    }

    /// Whether `values` are column names: each opening with a letter, `@` or `_`, at most 64 characters,
    /// none a time or a number, all distinct (a column may be named `log`, a level word of PostgreSQL's).
    static func isHeader(_ values: [String]) -> Bool {
        guard values.count >= 2, Set(values).count == values.count else { return false }
        return values.allSatisfy { value in
            guard let first = value.unicodeScalars.first, value.count <= 64,
                  CharacterSet.letters.contains(first) || first == "@" || first == "_" else { return false }
            return DeclaredColumns.Roles.format([value]) == nil
        }
    }

    /// The header's names as the pattern's columns: as written when they are distinct identifiers
    /// (letters, digits, `_`, `.`, `@`, `-`), else `DeclaredColumns.sanitized`, numbered when two collide.
    static func columnNames(_ header: [String]) -> [String] {
        var taken: Set<String> = []
        return header.map { written in
            let plain = written.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) && $0.isASCII || "_.@-".unicodeScalars.contains($0)
            }
            let base = plain ? written : DeclaredColumns.sanitized(written)
            var unique = base, number = 2
            while taken.contains(unique) {
                unique = base + "_\(number)"
                number += 1
            }
            taken.insert(unique)
            return unique
        }
    }

    /// A column name as the role lists spell them: lower case, leading `@` and `_` dropped, other runs of
    /// non-alphanumerics `_` (`host.name` → `host_name`, `@timestamp` → `timestamp`, `_raw` → `raw`).
    static func normalizedName(_ name: String) -> String {
        DeclaredColumns.sanitized(name.drop { $0 == "@" || $0 == "_" })
    }

    private static func describe(_ delimiter: UInt8) -> String {
        delimiter == 9 ? "tabs" : "'" + String(decoding: [delimiter], as: UTF8.self) + "'"
    }
}
