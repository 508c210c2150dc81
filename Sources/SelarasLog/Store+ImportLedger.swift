import Foundation
import Crypto
import SelarasModel

/// The store's record of the files it imported (file `STORE/imported`): the SHA-256 of each
/// file's content, appended in the same atomic batch as the file's events, so that importing
/// the same content again is recognised and changes nothing.
///
/// ```
/// magic "SLRSIMPT"
/// per import: 32-byte SHA-256, u32 CRC-32 of those 32 bytes
/// ```
extension Store {
    static let ledgerFileName = "imported"
    static let ledgerMagic: [UInt8] = Array("SLRSIMPT".utf8)
    static let ledgerEntrySize = 36

    var ledgerPath: String { directory + "/" + Self.ledgerFileName }

    /// The SHA-256 of an imported file's content, as the store remembers it.
    public static func importDigest(of content: some DataProtocol) -> [UInt8] {
        Array(SHA256.hash(data: content))
    }

    /// Whether a file with this content digest (``importDigest(of:)``) was imported before.
    /// - Throws: ``StoreError`` `.corrupt` when the record of imports is damaged, `.io`.
    public func hasImported(_ digest: [UInt8]) throws -> Bool {
        try importedDigests().contains(digest)
    }

    /// Every imported content digest, in import order.
    /// - Throws: ``StoreError`` `.corrupt` naming the byte where the file is damaged, `.io`.
    public func importedDigests() throws -> [[UInt8]] {
        guard fs.exists(ledgerPath) else { return [] }
        let bytes: [UInt8]
        do { bytes = try fs.readFile(ledgerPath) } catch {
            throw StoreError(.io, "could not read \(ledgerPath)", underlying: error as? SystemCallError)
        }
        if bytes.isEmpty { return [] }
        let head = Self.ledgerMagic.count
        guard bytes.count >= head, Array(bytes.prefix(head)) == Self.ledgerMagic else {
            throw StoreError(.corrupt, "\(ledgerPath) (the record of imported files) does not start with SLRSIMPT; it is damaged")
        }
        guard (bytes.count - head) % Self.ledgerEntrySize == 0 else {
            throw StoreError(.corrupt, "\(ledgerPath) (the record of imported files) is \(bytes.count) bytes, not 8 + a multiple of 36; it is damaged")
        }
        var out: [[UInt8]] = []
        var at = head
        while at < bytes.count {
            let digest = Array(bytes[at..<(at + 32)])
            let crc = bytes[(at + 32)..<(at + 36)].withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
            guard digest.withUnsafeBytes({ Frame.crc32($0) }) == crc else {
                throw StoreError(.corrupt, "\(ledgerPath) (the record of imported files): the entry at byte \(at) fails its CRC-32; it is damaged")
            }
            out.append(digest)
            at += Self.ledgerEntrySize
        }
        return out
    }

    /// Records the events of an imported file and the file's content digest in one atomic
    /// batch: after a crash at any point, either both are in the store or neither is.
    /// - Parameters:
    ///   - drafts: the file's events, in order.
    ///   - digest: ``importDigest(of:)`` of the file's content (32 bytes).
    /// - Returns: the events as stored.
    /// - Throws: ``StoreError``; when it throws, nothing of the batch is kept.
    @discardableResult
    public func recordImport(_ drafts: [EventDraft], contentDigest digest: [UInt8]) throws -> [Event] {
        precondition(digest.count == 32, "a content digest is a SHA-256 (32 bytes)")
        return try atomically(appendingTo: [Self.ledgerFileName]) { batch in
            let events = try batch.record(drafts)
            try appendToLedger(digest)
            return events
        }
    }

    /// Appends a digest to the record of imports and syncs it (inside a batch).
    private func appendToLedger(_ digest: [UInt8]) throws {
        do {
            let fd = try fs.open(ledgerPath, create: true, mode: 0o600)
            defer { fs.close(fd) }
            let size = try fs.size(fd)
            var w = BinaryWriter(capacity: 44)
            if size == 0 { w.raw(Self.ledgerMagic) }
            w.raw(digest)
            w.u32(digest.withUnsafeBytes { Frame.crc32($0) })
            try w.bytes.withUnsafeBytes { try fs.writeAll(fd, $0, at: size, path: ledgerPath) }
            try fs.sync(fd)
        } catch {
            throw StoreError(.io, "could not record the import in \(ledgerPath)", underlying: error as? SystemCallError)
        }
    }
}
