/// The event type the template miner gives one message.
public struct MinedTemplate: Sendable, Hashable {
    /// `T` + 16 lowercase hex digits: the 64-bit FNV-1a hash of the first template of the message's
    /// cluster, so it stays the same for the whole run even when the cluster's template widens.
    public var typeID: String
    /// The cluster's current template: the masked first line with differing tokens as `<*>`.
    public var template: String

    public init(typeID: String, template: String) {
        self.typeID = typeID
        self.template = template
    }
}
