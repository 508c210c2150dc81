/// A row a reader makes of a merged record and keeps instead of a copy of it (see
/// ``ConsolidatedState/rows(of:placeholder:_:)``): it names the record by its number, 4 bytes,
/// so a million rows stay small, and ``ConsolidatedState/record(number:)`` gives the record back.
public protocol RecordRow: Sendable {
    /// The record's number in the state it was made from.
    var record: UInt32 { get }
}
