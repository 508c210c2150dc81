import Crypto
import Foundation
import SelarasCompression
import SelarasModel

/// A bundle file held open and read in bounded chunks (never whole): its layout, its digest,
/// and its decompressed body frame by frame.
///
/// The descriptor stays open for the object's life, so a verified bundle is applied from the
/// very file that was verified (a rename over the path does not swap it); its content is
/// re-digested while it is applied, so an edit in place is caught too.
public final class BundleFile: Sendable {
    /// The path it was opened from (for messages).
    public let path: String
    /// Its size when opened.
    public let size: Int
    private let fd: Int32
    /// Bytes read at a time.
    static let chunkSize = 1 << 20

    /// Opens a file for reading.
    /// - Throws: ``SyncError`` `.io` when it cannot be opened.
    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SyncError(.io, "\(path): cannot be read (does it exist?)") }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            Glibc.close(fd)
            throw SyncError(.io, "\(path): cannot be read (does it exist?)")
        }
        self.path = path
        self.fd = fd
        self.size = Int(st.st_size)
    }

    deinit { Glibc.close(fd) }

    /// Reads bytes `range` (small ranges: the prefix, header and trailer).
    func read(_ range: Range<Int>) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: range.count)
        try out.withUnsafeMutableBytes { try fill($0, at: range.lowerBound) }
        return out
    }

    /// Calls `body` with consecutive chunks of bytes `range`, one reused buffer of at most
    /// ``chunkSize`` bytes.
    func forEachChunk(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: min(Self.chunkSize, max(range.count, 1)))
        var offset = range.lowerBound
        while offset < range.upperBound {
            let n = min(buffer.count, range.upperBound - offset)
            try buffer.withUnsafeMutableBytes { p in
                let part = UnsafeMutableRawBufferPointer(rebasing: p[0..<n])
                try fill(part, at: offset)
                try body(UnsafeRawBufferPointer(part))
            }
            offset += n
        }
    }

    /// SHA-256 of bytes `range`, read in chunks.
    func sha256(_ range: Range<Int>) throws -> [UInt8] {
        var hasher = SHA256()
        try forEachChunk(range) { hasher.update(bufferPointer: $0) }
        return Array(hasher.finalize())
    }

    private func fill(_ p: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < p.count {
            let n = pread(fd, p.baseAddress! + done, p.count - done, off_t(offset + done))
            guard n > 0 else {
                throw SyncError(.io, "\(path): could not be read at byte \(offset + done) (\(n == 0 ? "it became shorter" : "errno \(errno)"))")
            }
            done += n
        }
    }

    /// Inflates the compressed body `range` chunk by chunk and hands each frame to `visitor`,
    /// section after section (see ``BundleFrames``); the inflated bytes are never all held.
    /// - Parameters:
    ///   - digest: when not nil, also fed every compressed byte read.
    ///   - malformed: makes the refusal for a body that does not decompress or frame properly.
    /// - Throws: what `visitor` throws, or `malformed(…)`.
    func forEachFrame<V: BundleFrameVisitor>(body range: Range<Int>, sections: [BundleHeader.Section],
                                            digest: inout SHA256?,
                                            malformed: @escaping (String) -> SyncError, visitor: inout V) throws {
        // Checked before use (``BundleHeader/checkNumbers(name:plausibility:)`` bounds it too).
        var expected = 0
        for s in sections {
            guard let n = Int(exactly: s.byteCount), case let (sum, overflow) = expected.addingReportingOverflow(n), !overflow,
                  UInt64(sum) <= BundleHeader.maxBodyBytes else {
                throw malformed("its sections announce more than \(BundleHeader.maxBodyBytes) bytes of events")
            }
            expected = sum
        }
        func notDecompressing(_ error: any Error) -> SyncError {
            malformed("its compressed events do not decompress to the announced \(expected) bytes (\(error))")
        }
        var frames = BundleFrames(sections: sections, malformed: malformed)
        let inflater: Inflater
        do { inflater = try Inflater(format: .zlib, limit: expected) } catch { throw notDecompressing(error) }
        try forEachChunk(range) { chunk in
            digest?.update(bufferPointer: chunk)
            do {
                try inflater.decompress(chunk) { try frames.feed($0, to: &visitor) }
            } catch let e as CompressionError {
                throw notDecompressing(e)  // only zlib's own refusal is the bundle's fault; the
                // visitor's errors (a refused frame, a full disk) pass through as they are
            }
        }
        guard inflater.isFinished, inflater.totalOut == expected else {
            throw notDecompressing(CompressionError(code: -5, "cut short"))
        }
        try frames.finish(&visitor)
    }
}
