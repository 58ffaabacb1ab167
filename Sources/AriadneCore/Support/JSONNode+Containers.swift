/// An object's container for `JSONNode`: every member is gathered, written sorted when the node finishes.
struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode

    var codingPath: [any CodingKey] { node.codingPath }

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.member(key.stringValue, .value(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.member(key.stringValue, .value(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.member(key.stringValue, .value(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { node.member(key.stringValue, .value(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.member(key.stringValue, .value(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { node.member(key.stringValue, .scalar(String(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { node.member(key.stringValue, .scalar(String(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { node.member(key.stringValue, .scalar(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { node.member(key.stringValue, .scalar(String(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { node.member(key.stringValue, .scalar(String(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { node.member(key.stringValue, .scalar(String(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { node.member(key.stringValue, .scalar(String(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { node.member(key.stringValue, .scalar(String(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { node.member(key.stringValue, .scalar(String(value))) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.member(key.stringValue, .value(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(key: key)
        node.member(key.stringValue, .node(child))
        return child.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(key: key)
        node.member(key.stringValue, .node(child))
        return child.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let key = JSONSuperKey.key
        let child = node.child(key: key)
        node.member(key.stringValue, .node(child))
        return child
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = node.child(key: key)
        node.member(key.stringValue, .node(child))
        return child
    }
}

/// An array's container for `JSONNode`: elements are written as they come when the node is live.
struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let node: JSONNode

    var codingPath: [any CodingKey] { node.codingPath }
    var count: Int { node.count }

    mutating func encodeNil() throws { try node.append(.null) }
    mutating func encode(_ value: Bool) throws { try node.append(.value(value)) }
    mutating func encode(_ value: String) throws { try node.append(.value(value)) }
    mutating func encode(_ value: Double) throws { try node.append(.value(value)) }
    mutating func encode(_ value: Float) throws { try node.append(.value(value)) }
    mutating func encode(_ value: Int) throws { try node.append(.value(value)) }
    mutating func encode(_ value: Int8) throws { try node.append(.scalar(String(value))) }
    mutating func encode(_ value: Int16) throws { try node.append(.scalar(String(value))) }
    mutating func encode(_ value: Int32) throws { try node.append(.scalar(String(value))) }
    mutating func encode(_ value: Int64) throws { try node.append(.scalar(String(value))) }
    mutating func encode(_ value: UInt) throws { try node.append(.scalar(String(value))) }
    mutating func encode(_ value: UInt8) throws { try node.append(.scalar(String(value))) }
    mutating func encode(_ value: UInt16) throws { try node.append(.scalar(String(value))) }
    mutating func encode(_ value: UInt32) throws { try node.append(.scalar(String(value))) }
    mutating func encode(_ value: UInt64) throws { try node.append(.scalar(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try node.append(.value(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        nextElement().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { nextElement().unkeyedContainer() }

    mutating func superEncoder() -> any Encoder { nextElement() }

    /// The node of the next element, gathered into the array.
    private func nextElement() -> JSONNode {
        let child = node.child(key: JSONSuperKey(index: node.count))
        node.gather(child)
        return child
    }
}

/// A single value's container for `JSONNode`.
struct JSONSingleContainer: SingleValueEncodingContainer {
    let node: JSONNode

    var codingPath: [any CodingKey] { node.codingPath }

    mutating func encodeNil() throws { try node.single(.null) }
    mutating func encode(_ value: Bool) throws { try node.single(.value(value)) }
    mutating func encode(_ value: String) throws { try node.single(.value(value)) }
    mutating func encode(_ value: Double) throws { try node.single(.value(value)) }
    mutating func encode(_ value: Float) throws { try node.single(.value(value)) }
    mutating func encode(_ value: Int) throws { try node.single(.value(value)) }
    mutating func encode(_ value: Int8) throws { try node.single(.scalar(String(value))) }
    mutating func encode(_ value: Int16) throws { try node.single(.scalar(String(value))) }
    mutating func encode(_ value: Int32) throws { try node.single(.scalar(String(value))) }
    mutating func encode(_ value: Int64) throws { try node.single(.scalar(String(value))) }
    mutating func encode(_ value: UInt) throws { try node.single(.scalar(String(value))) }
    mutating func encode(_ value: UInt8) throws { try node.single(.scalar(String(value))) }
    mutating func encode(_ value: UInt16) throws { try node.single(.scalar(String(value))) }
    mutating func encode(_ value: UInt32) throws { try node.single(.scalar(String(value))) }
    mutating func encode(_ value: UInt64) throws { try node.single(.scalar(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try node.single(.value(value))
    }
}

/// The key of a super encoder (`super`) or of an array's element (its index).
struct JSONSuperKey: CodingKey {
    static let key = JSONSuperKey(stringValue: "super")

    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }

    init(index: Int) {
        self.init(intValue: index)
    }
}
