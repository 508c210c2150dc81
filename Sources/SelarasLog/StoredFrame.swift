import SelarasModel

/// One event's frame as read from a stream's log, before its checksum is checked: for readers
/// that look at an event's first bytes to decide whether they need it at all, and check only
/// the frames they keep (the merge fold, where each core keeps a fraction of the events).
///
/// The frame layout (length, CRC-32, payload; see ``Frame``) is read only here: a caller gets
/// the payload and asks ``checkedPayload()`` for it once checked, never the stored CRC.
/// The payload points into the reader's buffer and is valid only inside the call that handed
/// over the frame.
public struct StoredFrame {
    /// The stream the frame belongs to.
    public let stream: StreamID
    /// The event's sequence number in its stream.
    public let seq: UInt64
    /// The event's canonical bytes, not yet checked against the stored CRC-32.
    public let uncheckedPayload: UnsafeRawBufferPointer
    /// The CRC-32 the frame stores for the payload.
    let storedChecksum: UInt32

    init(stream: StreamID, seq: UInt64, payload: UnsafeRawBufferPointer, storedChecksum: UInt32) {
        self.stream = stream
        self.seq = seq
        uncheckedPayload = payload
        self.storedChecksum = storedChecksum
    }

    /// Whether the payload matches the CRC-32 its frame stores. O(payload).
    public var checksumMatches: Bool { Frame.crc32(uncheckedPayload) == storedChecksum }

    /// The payload, once its CRC-32 matches.
    /// - Throws: ``StoreError`` (`.corrupt`) naming the stream and seq when it does not.
    /// - Complexity: O(payload); no copy.
    public func checkedPayload() throws(StoreError) -> UnsafeRawBufferPointer {
        guard checksumMatches else {
            throw StoreError(.corrupt, "stream \(stream): the event of seq \(seq) fails its checksum; run `selaras verify`")
        }
        return uncheckedPayload
    }
}
