/// The member executions of an `ExecutionClass` in a compact form: each member is the number of its id
/// in a shared `ExecutionIDTable` and the number of its bindings among the class's distinct bindings
/// (8 bytes a member instead of an id `String` and a dictionary). Reads as a collection of
/// `ClassMember`s, made on access; encodes as their array.
public struct ClassMembers: RandomAccessCollection, Sendable, Equatable, Codable, ExpressibleByArrayLiteral {
    private var table: ExecutionIDTable
    private var ids: [UInt32]
    private var bindingSets: [[String: String]]
    private var bindingOf: [UInt32]

    /// Members whose ids are numbers of `table` and whose bindings are numbers of `bindingSets`.
    init(table: ExecutionIDTable, ids: [UInt32], bindingSets: [[String: String]], bindingOf: [UInt32]) {
        self.table = table
        self.ids = ids
        self.bindingSets = bindingSets
        self.bindingOf = bindingOf
    }

    /// `members`, in their order.
    public init(_ members: some Sequence<ClassMember>) {
        var table = ExecutionIDTable()
        var ids: [UInt32] = []
        var sets: [[String: String]] = []
        var numbers: [[String: String]: UInt32] = [:]
        var of: [UInt32] = []
        for member in members {
            ids.append(table.add(member.execution))
            if let known = numbers[member.bindings] {
                of.append(known)
            } else {
                numbers[member.bindings] = UInt32(sets.count)
                of.append(UInt32(sets.count))
                sets.append(member.bindings)
            }
        }
        self.init(table: table, ids: ids, bindingSets: sets, bindingOf: of)
    }

    public init(arrayLiteral elements: ClassMember...) {
        self.init(elements)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ids.count }

    public subscript(position: Int) -> ClassMember {
        ClassMember(execution: table[ids[position]], bindings: bindingSets[Int(bindingOf[position])])
    }

    /// The id of the member at `position` (without making its `ClassMember`).
    public func execution(at position: Int) -> String {
        table[ids[position]]
    }

    public static func == (a: ClassMembers, b: ClassMembers) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    public init(from decoder: Decoder) throws {
        self.init(try [ClassMember](from: decoder))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        for member in self { try container.encode(member) }
    }
}
