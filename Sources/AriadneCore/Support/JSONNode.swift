/// The `Encoder` of one value for `StreamingJSON`: it gathers an object's members (written sorted by
/// `finish()`), writes an array's elements as they come when it is at the output's current position
/// (`live`) and none was a nested container, and otherwise (a nested container, a super encoder)
/// gathers them too.
final class JSONNode: Encoder {
    /// What a member or a gathered element is.
    enum Item {
        case value(any Encodable)
        case node(JSONNode)
        /// An integer, as written.
        case scalar(String)
        case null
    }

    /// What the value turned out to be.
    enum Content {
        case empty, object, array, single
    }

    unowned let writer: StreamingJSON
    /// Nesting depth: the indentation of the value's closing bracket.
    var depth: Int
    /// Whether the value is being written now (else it is gathered, and written by the node above it).
    var live: Bool
    let parent: JSONNode?
    let key: (any CodingKey)?
    private(set) var content = Content.empty
    /// An object's members, in the order encoded (the last of equal keys wins).
    private var members: [(key: String, item: Item)] = []
    /// A gathered array's elements (for a live array, those from its first nested container on, which
    /// may be filled after later elements come), or a gathered single value.
    private var elements: [Item] = []
    /// Whether the array's `[` is written.
    private var opened = false
    /// Elements of a live array written so far.
    private(set) var written = 0

    init(writer: StreamingJSON, depth: Int, live: Bool, parent: JSONNode?, key: (any CodingKey)?) {
        self.writer = writer
        self.depth = depth
        self.live = live
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        (parent?.codingPath ?? []) + (key.map { [$0] } ?? [])
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// How many elements the array holds so far.
    var count: Int { written + elements.count }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        precondition(content == .empty || content == .object, "a value encoded both as an object and as something else")
        content = .object
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(node: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        precondition(content == .empty || content == .array, "a value encoded both as an array and as something else")
        if content == .empty, live {
            writer.open(UInt8(ascii: "["))
            opened = true
        }
        content = .array
        return JSONUnkeyedContainer(node: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleContainer(node: self)
    }

    /// A node for a nested container or super encoder of this one, gathered until this one is written.
    func child(key: (any CodingKey)?) -> JSONNode {
        JSONNode(writer: writer, depth: depth + 1, live: false, parent: self, key: key)
    }

    // MARK: Gathering and writing

    func member(_ key: String, _ item: Item) {
        members.append((key, item))
    }

    func append(_ item: Item) throws {
        guard live, elements.isEmpty else {
            elements.append(item)
            return
        }
        writer.element(first: written == 0, depth: depth + 1)
        written += 1
        try write(item, depth: depth + 1)
    }

    /// A nested container or super encoder as an array's next element: gathered, since it is filled later.
    func gather(_ node: JSONNode) {
        elements.append(.node(node))
    }

    func single(_ item: Item) throws {
        precondition(content == .empty, "a single value encoded twice or beside a container")
        content = .single
        if live { try write(item, depth: depth) } else { elements = [item] }
    }

    private func write(_ item: Item, depth: Int) throws {
        switch item {
        case .value(let value): try writer.emit(value, depth: depth)
        case .node(let node): try writer.emit(node, depth: depth)
        case .scalar(let text): writer.ascii(text)
        case .null: writer.null()
        }
    }

    /// Writes what is left: a gathered value, an object's members sorted by key, a live array's end.
    func finish() throws {
        switch content {
        case .empty, .object:
            // Sorted by the keys' UTF-8 bytes, the last of equal keys kept, as JSONEncoder does.
            let order = members.indices.sorted { a, b in
                let (x, y) = (members[a].key, members[b].key)
                return x == y ? a < b : x.utf8.lexicographicallyPrecedes(y.utf8)
            }
            writer.open(UInt8(ascii: "{"))
            var first = true
            for (n, index) in order.enumerated() where n + 1 == order.count || members[order[n + 1]].key != members[index].key {
                writer.element(first: first, depth: depth + 1)
                first = false
                writer.key(members[index].key)
                try write(members[index].item, depth: depth + 1)
            }
            members = []
            writer.close(UInt8(ascii: "}"), depth: depth)
        case .array:
            if !opened {
                writer.open(UInt8(ascii: "["))
                opened = true
            }
            let gathered = elements
            elements = []
            for item in gathered {
                writer.element(first: written == 0, depth: depth + 1)
                written += 1
                try write(item, depth: depth + 1)
            }
            writer.close(UInt8(ascii: "]"), depth: depth)
        case .single:
            if let item = elements.first {
                elements = []
                try write(item, depth: depth)
            }
        }
    }
}
