import SelarasModel

/// Something opening a store found and repaired, reported to the user.
public struct RecoveryNote: Sendable, Hashable, CustomStringConvertible {
    /// What was repaired.
    public enum Kind: Sendable, Hashable {
        /// A frame cut by a crash at the end of a log was removed (`bytes` bytes at `offset`).
        /// Such a frame was never acknowledged.
        case tornTailTruncated(offset: UInt64, bytes: UInt64)
        /// The seq → offset index was missing or damaged and was rebuilt from the log.
        case indexRebuilt
        /// A log created just before a crash had an incomplete header and no events; it was rewritten.
        case headerRewritten
        /// An atomic batch (an import) was cut short before it committed and was taken back
        /// whole: `files` files were truncated, removed or restored. Nothing of it had been
        /// acknowledged.
        case uncommittedBatchUndone(files: Int)
        /// Of such a batch, this stream's appended bytes were removed (`bytes`), or its log,
        /// which the batch had created, was removed (nil).
        case uncommittedEventsRemoved(bytes: UInt64?)
    }

    /// The stream concerned (nil for a note about the whole store).
    public let stream: StreamID?
    /// What happened.
    public let kind: Kind

    private var name: String { stream.map { "\($0)" } ?? "(store)" }

    /// One sentence.
    public var description: String {
        switch kind {
        case .tornTailTruncated(let offset, let bytes):
            "stream \(name): removed \(bytes) bytes of an unfinished write at byte \(offset) (left by a crash; never acknowledged)"
        case .indexRebuilt:
            "stream \(name): rebuilt the index from the log"
        case .headerRewritten:
            "stream \(name): rewrote the header of an empty log created just before a crash"
        case .uncommittedBatchUndone(let files):
            "took back an import cut short before it committed (\(files) files restored; none of it had been acknowledged)"
        case .uncommittedEventsRemoved(let bytes?):
            "stream \(name): removed \(bytes) bytes an unfinished import had appended"
        case .uncommittedEventsRemoved(nil):
            "stream \(name): removed the log an unfinished import had created"
        }
    }
}
