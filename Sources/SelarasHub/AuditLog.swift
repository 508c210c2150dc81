#if canImport(Glibc)
import Glibc
#endif
import SelarasHubProtocol
import SelarasLog
import SelarasModel

/// The hub's download audit log, `STORE/hub/audit.log`: one frame (length, CRC-32, entry) per
/// download, appended and `fdatasync`ed before the download's first byte is sent. A download
/// by a dashboard session records the session's id and label instead of a device (a trailing
/// `1, id, label` after the hash; entries without it are device downloads).
public struct AuditLog: Sendable {
    /// One download.
    public struct Entry: Sendable, Hashable, Codable {
        /// When (ISO 8601, UTC).
        public let at: String
        /// Which device (replica id); nil for a dashboard session.
        public let device: String?
        /// Which dashboard session (its id), nil for a device.
        public let session: String?
        /// Who the session's login link was made for (`hub login-link --for`), nil for a device.
        public let sessionLabel: String?
        /// Its role (office for a session).
        public let role: HubRole
        /// The export format.
        public let format: String
        /// The tier.
        public let tier: String
        /// Bytes sent.
        public let bytes: UInt64
        /// SHA-256 (hex) of what was sent.
        public let sha256: String

        /// Creates an entry (a database store reads its rows into these).
        public init(at: String, device: String?, session: String?, sessionLabel: String?, role: HubRole,
                    format: String, tier: String, bytes: UInt64, sha256: String) {
            self.at = at
            self.device = device
            self.session = session
            self.sessionLabel = sessionLabel
            self.role = role
            self.format = format
            self.tier = tier
            self.bytes = bytes
            self.sha256 = sha256
        }

        /// Who downloaded, for people: `device ID` or `dashboard session ID (label)`.
        public var who: String {
            if let device { return "device \(device)" }
            let label = sessionLabel ?? ""
            return "dashboard session \(session ?? "?")" + (label.isEmpty ? "" : " (\(label))")
        }
    }

    /// The file.
    public let path: String

    /// The audit log of a hub store's `hub` directory.
    public init(directory: String) { path = directory + "/audit.log" }

    /// Appends one entry durably.
    /// - Parameter by: the device or dashboard session that downloads.
    /// - Throws: ``HubError`` when it cannot be written (the download is then refused).
    public func append(at: Int64, by downloader: Downloader, format: String, tier: String, bytes: UInt64, sha256: [UInt8]) throws {
        var w = BinaryWriter()
        w.zigzag(at)
        switch downloader {
        case .device(let d):
            w.u64(d.id.rawValue)
            w.u8(d.role.code)
        case .session:
            w.u64(0)
            w.u8(HubRole.office.code)
        }
        w.string(format)
        w.string(tier)
        w.varint(bytes)
        w.raw(sha256)
        if case .session(let s) = downloader {
            w.u8(1)
            w.string(s.id)
            w.string(s.label)
        }
        let payload = w.bytes
        var frame = BinaryWriter()
        frame.u32(UInt32(payload.count))
        frame.u32(payload.withUnsafeBytes { Frame.crc32($0) })
        frame.raw(payload)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HubError.io("could not open the audit log \(path) (errno \(errno))") }
        defer { close(fd) }
        let ok = frame.bytes.withUnsafeBytes { p in write(fd, p.baseAddress, p.count) == p.count }
        guard ok, fdatasync(fd) == 0 else { throw HubError.io("could not append to the audit log \(path) (errno \(errno))") }
    }

    /// Every entry, oldest first (a torn last frame from a crash is skipped).
    public func entries() throws -> [Entry] {
        guard access(path, F_OK) == 0 else { return [] }
        let bytes: [UInt8]
        do { bytes = try PosixFileSystem().readFile(path) } catch { throw HubError.io("could not read \(path)", error) }
        var out: [Entry] = []
        var p = 0
        while p + 8 <= bytes.count {
            let len = Int(UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24)
            let crc = UInt32(bytes[p + 4]) | UInt32(bytes[p + 5]) << 8 | UInt32(bytes[p + 6]) << 16 | UInt32(bytes[p + 7]) << 24
            guard p + 8 + len <= bytes.count else { break }
            let payload = Array(bytes[(p + 8)..<(p + 8 + len)])
            guard payload.withUnsafeBytes({ Frame.crc32($0) }) == crc else {
                throw HubError(status: 500, code: "corrupt-audit-log", "\(path) is damaged at byte \(p) (checksum)")
            }
            out.append(try payload.withUnsafeBytes { b throws(ModelError) -> Entry in
                var r = BinaryReader(b)
                let at = try r.zigzag()
                let device = ReplicaID(rawValue: try r.u64())
                let role = HubRole(code: try r.u8()) ?? .analyst
                let format = try r.string(maxLength: 64), tier = try r.string(maxLength: 16)
                let n = try r.varint()
                let sha = Array(try r.bytes(32))
                var session: String?, label: String?
                if r.remaining > 0, try r.u8() == 1 {
                    session = try r.string(maxLength: 64)
                    label = try r.string(maxLength: LoginCodes.labelLimit.bytes)
                }
                return Entry(at: WallClock.iso8601(milliseconds: at), device: session == nil ? device.description : nil,
                             session: session, sessionLabel: label, role: role, format: format, tier: tier, bytes: n, sha256: hex(sha))
            })
            p += 8 + len
        }
        return out
    }
}

/// Lowercase hex of bytes.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}
