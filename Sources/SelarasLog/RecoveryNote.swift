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
    }

    /// The stream concerned.
    public let stream: StreamID
    /// What happened.
    public let kind: Kind

    /// One sentence.
    public var description: String {
        switch kind {
        case .tornTailTruncated(let offset, let bytes):
            "stream \(stream): removed \(bytes) bytes of an unfinished write at byte \(offset) (left by a crash; never acknowledged)"
        case .indexRebuilt:
            "stream \(stream): rebuilt the index from the log"
        case .headerRewritten:
            "stream \(stream): rewrote the header of an empty log created just before a crash"
        }
    }
}
