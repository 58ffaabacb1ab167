/// One parsed log record: the unit every later stage works on.
///
/// The JSON form of an event (one object per line, see README "Event schema") is a contract:
/// `ariadne infer` reads it back, and users' own tools (jq) read it.
public struct Event: Sendable, Equatable {
    // The values live in one reference-counted box, copied on write: an event is copied wherever the
    // stages pass executions around, and a copy is now one retain instead of one per string and array.
    private var storage: Storage
    /// Where the record starts: the input's display name and its 1-based line number.
    public var source: SourceLocation {
        get { storage.values.source }
        _modify {
            makeUnique()
            yield &storage.values.source
        }
    }
    /// Nanoseconds since the Unix epoch, UTC, when the record's timestamp parsed.
    public var time: Int64? {
        get { storage.values.time }
        _modify {
            makeUnique()
            yield &storage.values.time
        }
    }
    /// The timestamp exactly as the log wrote it.
    public var timeText: String? {
        get { storage.values.timeText }
        _modify {
            makeUnique()
            yield &storage.values.timeText
        }
    }
    /// The machine (or pod, or address) that wrote the record.
    public var host: String? {
        get { storage.values.host }
        _modify {
            makeUnique()
            yield &storage.values.host
        }
    }
    /// The component, logger or service that wrote the record.
    public var service: String? {
        get { storage.values.service }
        _modify {
            makeUnique()
            yield &storage.values.service
        }
    }
    /// The severity as written (INFO, WARN, E, notice, ...).
    public var level: String? {
        get { storage.values.level }
        _modify {
            makeUnique()
            yield &storage.values.level
        }
    }
    /// Execution identifiers found on the record, in pattern order: `kind` names the id space
    /// (block, request, trace, ...), `value` is the id.
    public var executionIDs: [ExecutionID] {
        get { storage.values.executionIDs }
        _modify {
            makeUnique()
            yield &storage.values.executionIDs
        }
    }
    /// Stable event type: the event rule's name, or `T` + 16 hex digits of the masked template's hash.
    public var type: String {
        get { storage.values.type }
        _modify {
            makeUnique()
            yield &storage.values.type
        }
    }
    /// The message with its variable parts masked as `<*>`.
    public var template: String {
        get { storage.values.template }
        _modify {
            makeUnique()
            yield &storage.values.template
        }
    }
    /// Fields extracted by the record pattern and the event rule, in capture order.
    public var fields: [Field] {
        get { storage.values.fields }
        _modify {
            makeUnique()
            yield &storage.values.fields
        }
    }
    /// The message text (continuation lines joined with `\n`).
    public var message: String {
        get { storage.values.message }
        _modify {
            makeUnique()
            yield &storage.values.message
        }
    }

    /// An event; only `source`, `type`, `template` and `message` are required.
    public init(
        source: SourceLocation, time: Int64? = nil, timeText: String? = nil, host: String? = nil,
        service: String? = nil, level: String? = nil, executionIDs: [ExecutionID] = [],
        type: String, template: String, fields: [Field] = [], message: String
    ) {
        storage = Storage(Values(source: source, time: time, timeText: timeText, host: host, service: service, level: level,
                                 executionIDs: executionIDs, type: type, template: template, fields: fields, message: message))
    }

    /// The value of the first field named `name`.
    public func field(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    public static func == (a: Event, b: Event) -> Bool {
        a.storage === b.storage || a.storage.values == b.storage.values
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.values) }
    }

    /// The values of one event, boxed. Mutated only through an `Event` that holds the only reference.
    private final class Storage: @unchecked Sendable {
        var values: Values

        init(_ values: Values) {
            self.values = values
        }
    }

    private struct Values: Equatable {
        var source: SourceLocation
        var time: Int64?
        var timeText: String?
        var host: String?
        var service: String?
        var level: String?
        var executionIDs: [ExecutionID]
        var type: String
        var template: String
        var fields: [Field]
        var message: String
    }
}

/// A place in the input: display name (file path, `archive.gz`, `-` for stdin) and 1-based line.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The input's display name.
    public var file: String
    /// 1-based line number.
    public var line: Int

    /// A location.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        a.file != b.file ? a.file < b.file : a.line < b.line
    }
}

/// An execution identifier: which id space it belongs to, and its value.
public struct ExecutionID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id space (block, request, trace, ...).
    public var kind: String
    /// The id.
    public var value: String

    /// An id of `kind`.
    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }

    public var description: String { "\(kind)=\(value)" }

    public static func < (a: ExecutionID, b: ExecutionID) -> Bool {
        a.kind != b.kind ? a.kind < b.kind : a.value < b.value
    }

    /// Whether a value stands for "no id" rather than naming one: empty, without a letter or digit
    /// (`-`, `--`, `*`, `?`), a null word (`null`, `nil`, `none`, `n/a`, `undefined`, `unknown`, `unset`,
    /// any case), or eight or more zeros and nothing else but separators (W3C's invalid all-zero trace
    /// id, the nil UUID `00000000-0000-0000-0000-000000000000`). Records carrying one have no id of that
    /// kind: grouped by it, every record without a request would be one execution.
    public static func isPlaceholder<Bytes: Collection>(_ value: Bytes) -> Bool where Bytes.Element == UInt8 {
        func alphanumeric(_ b: UInt8) -> Bool { b >= 0x80 || (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) }
        var zeros = 0, others = 0
        for b in value where alphanumeric(b) {
            if b == 0x30 { zeros += 1 } else { others += 1 }
        }
        if others == 0 { return zeros == 0 || zeros >= 8 }
        // Every null word starts with `n` or `u`: other values are not lowered and looked up.
        guard value.count <= 9, let first = value.first, first | 0x20 == UInt8(ascii: "n") || first | 0x20 == UInt8(ascii: "u") else {
            return false
        }
        return nullWords.contains(value.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
    }

    /// `isPlaceholder` of a string.
    public static func isPlaceholder(_ value: String) -> Bool { isPlaceholder(value.utf8) }

    private static let nullWords: Set<[UInt8]> = Set(["null", "nil", "none", "n/a", "undefined", "unknown", "unset"].map { Array($0.utf8) })
}

/// A named value extracted from a record.
public struct Field: Sendable, Hashable {
    /// The capture's name.
    public var name: String
    /// The captured text.
    public var value: String

    /// A field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
