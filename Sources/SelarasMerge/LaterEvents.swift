import SelarasModel

/// What the events after a create brought to a record (allocated only for records that have some).
struct LaterEvents: Sendable, Hashable {
    /// A field written after the create, with its register.
    struct Corrected: Sendable, Hashable {
        let tag: UInt8
        var register: FieldRegister
    }

    /// Registers of fields written after the create, sorted by tag.
    var corrected: [Corrected] = []
    /// Void events, sorted by dot.
    var voids: [Candidate] = []
    /// Link decisions by the other child.
    var links: [EntityID: FieldRegister] = [:]
    /// The dots of this entity's events other than the create, sorted (few per record; they
    /// make applying an event twice a no-op and give the causal context).
    var dots: [Dot] = []

    /// Records a dot; false when it was already there.
    mutating func insertDot(_ dot: Dot) -> Bool {
        let i = dots.firstIndex { dot <= $0 } ?? dots.count
        if i < dots.count, dots[i] == dot { return false }
        dots.insert(dot, at: i)
        return true
    }
}
