/// A reader for comma-separated values as written by RFC 4180 and by pandas: fields may be quoted
/// with `"`, a quote inside a quoted field is written `""`, and a quoted field may contain commas and
/// line breaks. Records end at `\n` or `\r\n` outside quotes.
public enum CSVReader {
    /// Every record of `text`, each as its list of fields, in order. A final line break does not
    /// start an empty record; an empty line in the middle is a record with one empty field.
    public static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var recordHasContent = false
        let bytes = Array(text.utf8)
        var index = 0
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
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
            case quote:
                inQuotes = true
                recordHasContent = true
            case comma:
                endField()
                recordHasContent = true
            case carriageReturn where index + 1 < bytes.count && bytes[index + 1] == newline:
                break
            case newline:
                endRecord()
            default:
                field.append(byte)
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
