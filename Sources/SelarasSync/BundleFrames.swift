import SelarasLog
import SelarasModel

/// What is told, in order, about a bundle body's frames.
protocol BundleFrameVisitor {
    /// Section `section` starts (called before its first frame, even when it has none).
    mutating func begin(section: Int) throws
    /// One frame of `section`: the whole frame (length, CRC-32, payload) and its payload.
    /// The buffers are valid only during the call.
    mutating func frame(section: Int, frame: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) throws
    /// Section `section` ended: all its announced bytes were framed.
    mutating func end(section: Int) throws
}

/// Cuts a decompressed bundle body, fed in arbitrary pieces, into frames section by section.
///
/// Holds at most one unfinished frame plus the piece being fed: a frame's length is checked
/// against its section's remaining bytes and ``Frame/maxPayload`` before it is waited for.
struct BundleFrames {
    private let sections: [BundleHeader.Section]
    private let malformed: (String) -> SyncError
    private var carry: [UInt8] = []
    private var index = 0
    private var open = false
    private var remaining: UInt64 = 0

    init(sections: [BundleHeader.Section], malformed: @escaping (String) -> SyncError) {
        self.sections = sections
        self.malformed = malformed
    }

    /// Takes the next decompressed bytes and reports every frame they complete.
    mutating func feed<V: BundleFrameVisitor>(_ piece: UnsafeRawBufferPointer, to visitor: inout V) throws {
        carry.append(contentsOf: piece)
        let used = try drain(&visitor)
        carry.removeFirst(used)
    }

    /// After the last byte: closes the remaining sections (those with no bytes left).
    mutating func finish<V: BundleFrameVisitor>(_ visitor: inout V) throws {
        let used = try drain(&visitor)
        carry.removeFirst(used)
        guard index == sections.count, carry.isEmpty else {
            let which = sections.indices.contains(index) ? "stream \(sections[index].stream)" : "the last stream"
            throw malformed("a frame of \(which) is cut short")
        }
    }

    /// Reports the complete frames in `carry`. - Returns: bytes consumed.
    private mutating func drain<V: BundleFrameVisitor>(_ visitor: inout V) throws -> Int {
        var start = 0
        while index < sections.count {
            if !open {
                try visitor.begin(section: index)
                remaining = sections[index].byteCount
                open = true
            }
            if remaining == 0 {
                try visitor.end(section: index)
                index += 1
                open = false
                continue
            }
            let stream = sections[index].stream
            guard remaining >= UInt64(Frame.overhead) else { throw malformed("a frame of stream \(stream) is cut short") }
            guard carry.count - start >= Frame.overhead else { break }
            let len = carry.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: UInt32.self))) }
            let size = Frame.overhead + len
            guard len > 0, len <= Frame.maxPayload, UInt64(size) <= remaining else {
                throw malformed("a frame of stream \(stream) has a bad length")
            }
            guard carry.count - start >= size else { break }
            try carry.withUnsafeBytes { p in
                try visitor.frame(section: index, frame: UnsafeRawBufferPointer(rebasing: p[start..<(start + size)]),
                                  payload: UnsafeRawBufferPointer(rebasing: p[(start + Frame.overhead)..<(start + size)]))
            }
            start += size
            remaining -= UInt64(size)
        }
        return start
    }
}
