/// A reader for comma-separated values as written by RFC 4180 and by pandas: fields may be quoted
/// with `"`, a quote inside a quoted field is written `""`, and a quoted field may contain commas and
/// line breaks. Records end at `\n` or `\r\n` outside quotes.
public enum CSVReader {
    /// Every record of `text`, each as its list of fields, in order. A final line break does not
    /// start an empty record; an empty line in the middle is a record with one empty field.
    public static func records(_ text: String) -> [[String]] {
        scan(text, delimiter: UInt8(ascii: ","), recordsEndAtLineBreaks: true)
    }

    /// The values of one record of `text` separated by `delimiter`, quoted as `records` reads them; a line
    /// break outside quotes is part of its value (a record whose lines were joined).
    static func fields(_ text: String, delimiter: UInt8) -> [String] {
        scan(text, delimiter: delimiter, recordsEndAtLineBreaks: false).first ?? [""]
    }

    /// Whether a quoted value is open after `bytes` (one line of a record, separated by `delimiter`),
    /// when one was open before them (`open`): a quote opens a value only at its start, as `fields` reads
    /// it, and a quote inside a quoted value is written twice.
    static func quoteOpen(after bytes: some Collection<UInt8>, delimiter: UInt8, open: Bool) -> Bool {
        var open = open
        var atStart = !open
        var previousWasQuote = false
        for byte in bytes {
            if open {
                if byte == UInt8(ascii: "\"") {
                    open = false
                    previousWasQuote = true
                }
                continue
            }
            if byte == UInt8(ascii: "\"") && (atStart || previousWasQuote) {
                // A value's opening quote, or the second of a doubled quote inside one.
                open = true
                atStart = false
                previousWasQuote = false
                continue
            }
            previousWasQuote = false
            atStart = byte == delimiter
        }
        return open
    }

    private static func scan(_ text: String, delimiter: UInt8, recordsEndAtLineBreaks: Bool) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var recordHasContent = false
        // Whether the value has begun: a quote opens a quoted value only at its start (`a "b"` is text).
        var valueBegun = false
        let bytes = Array(text.utf8)
        var index = 0
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            valueBegun = false
        }
        func endRecord() {
            endField()
            records.append(fields)
            fields.removeAll(keepingCapacity: true)
            recordHasContent = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < bytes.count, bytes[index + 1] == quote {
                        field.append(quote)
                        index += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case quote where !valueBegun:
                inQuotes = true
                valueBegun = true
                recordHasContent = true
            case delimiter:
                endField()
                recordHasContent = true
            case carriageReturn where recordsEndAtLineBreaks && index + 1 < bytes.count && bytes[index + 1] == newline:
                break
            case newline where recordsEndAtLineBreaks:
                endRecord()
            default:
                field.append(byte)
                valueBegun = true
                recordHasContent = true
            }
            index += 1
        }
        if recordHasContent || !field.isEmpty || !fields.isEmpty {
            endRecord()
        }
        return records
    }

    /// The records of `text` as dictionaries keyed by the header (the first record). Fields beyond
    /// the header are dropped; missing fields are absent from the dictionary.
    public static func table(_ text: String) -> [[String: String]] {
        let all = records(text)
        guard let header = all.first else { return [] }
        return all.dropFirst().map { record in
            var row: [String: String] = [:]
            for (name, value) in zip(header, record) {
                row[name] = value
            }
            return row
        }
    }
}
