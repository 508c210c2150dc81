import Foundation
import SelarasModel

/// Exports kept per state version: an export is written once for the hub's state at a version
/// and every later download of the same format, tier and as-of date is served from that file
/// until the state changes (a sync or a dashboard action appends events). The files live in
/// `STORE/hub/exports/` (emptied when the hub starts); each download gets a hard link to the
/// kept file in its own staging directory, so removing a superseded file never cuts a
/// download that is being sent.
struct ExportCache: Sendable {
    /// What identifies an export besides the state's version.
    struct Key: Hashable, Sendable {
        /// The exporter's format (`zip`, `csv.gz`, …).
        let format: String
        /// The tier's raw value.
        let tier: String
        /// The as-of date (ages are counted to it).
        let asOf: LocalDate
    }

    /// A kept export.
    struct Entry: Sendable {
        /// The state version it was made from.
        let version: UInt64
        /// Its directory (removed when the entry is dropped).
        let directory: String
        /// The file to send.
        let path: String
        /// The name to offer.
        let fileName: String
        /// Media type.
        let mediaType: String
        /// Size in bytes.
        let bytes: UInt64
        /// SHA-256 of the file.
        let sha256: [UInt8]
    }

    /// The directory holding kept exports.
    let directory: String
    private var entries: [Key: Entry] = [:]

    /// A cache in `directory`, which is emptied (files of an earlier run are not trusted).
    init(directory: String) throws {
        self.directory = directory
        try? FileManager.default.removeItem(atPath: directory)
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw HubError.io("could not create \(directory)", error)
        }
    }

    /// The kept export for a key, if it was made from this version.
    func entry(for key: Key, version: UInt64) -> Entry? {
        guard let e = entries[key], e.version == version else { return nil }
        return e
    }

    /// Keeps an export (the caller has linked it for its own download already) and drops every
    /// entry made from an older version (their files are removed). An export made from an
    /// older version than one kept, or made again for a key and version already kept, is
    /// removed instead.
    mutating func keep(_ entry: Entry, for key: Key) {
        if entries.values.contains(where: { $0.version > entry.version }) || (entries[key]?.version == entry.version) {
            try? FileManager.default.removeItem(atPath: entry.directory)
            return
        }
        for (k, e) in entries where e.version < entry.version {
            try? FileManager.default.removeItem(atPath: e.directory)
            entries[k] = nil
        }
        entries[key] = entry
    }
}
