#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SelarasHubProtocol
import SelarasLog
import SelarasModel

/// What a laptop remembers about its hub after enrolling, in `STORE/hub-link` (binary, CRC-32,
/// mode 0600 because it holds the bearer token): the hub's URL and identity (to verify its
/// receipts), this device's role and kelurahan, and the token.
public struct HubLink: Sendable, Hashable {
    /// The hub's base URL (`http://host:port`).
    public var url: String
    /// This device's id (the replica id).
    public let device: ReplicaID
    /// The role the hub granted.
    public let role: HubRole
    /// The kelurahan code a cadre is bound to.
    public let kelurahan: UInt16?
    /// The bearer token (secret).
    public let token: String
    /// The hub's replica id.
    public let hubReplica: ReplicaID
    /// The hub's Ed25519 public key (raw, 32 bytes).
    public let hubKey: [UInt8]

    static let fileName = "hub-link"
    static let magic: [UInt8] = Array("SLRSLINK".utf8)

    /// Creates a link.
    public init(url: String, device: ReplicaID, role: HubRole, kelurahan: UInt16?, token: String, hubReplica: ReplicaID, hubKey: [UInt8]) {
        self.url = url
        self.device = device
        self.role = role
        self.kelurahan = kelurahan
        self.token = token
        self.hubReplica = hubReplica
        self.hubKey = hubKey
    }

    /// The path of a store's link file.
    public static func path(in storeDirectory: String) -> String { storeDirectory + "/" + fileName }

    /// The binary form.
    var encoded: [UInt8] {
        var w = BinaryWriter()
        w.raw(Self.magic)
        w.string(url)
        w.u64(device.rawValue)
        w.u8(role.code)
        w.u16(kelurahan ?? 0)
        w.string(token)
        w.u64(hubReplica.rawValue)
        w.raw(hubKey)
        let crc = w.bytes.withUnsafeBytes { Frame.crc32($0) }
        w.u32(crc)
        return w.bytes
    }

    /// Writes the link durably with mode 0600 (temporary file, fsync, rename).
    public func save(in storeDirectory: String) throws {
        let path = Self.path(in: storeDirectory)
        do { try PosixFileSystem().writeFileAtomically(path, encoded, mode: 0o600) } catch {
            throw HubClientError(code: "io", "could not write \(path)", underlying: error)
        }
        chmod(path, 0o600)
    }

    /// Loads a store's link.
    /// - Throws: ``HubClientError`` `not-enrolled` when there is none, `io` when it is damaged.
    public static func load(from storeDirectory: String) throws -> HubLink {
        let path = path(in: storeDirectory)
        guard access(path, F_OK) == 0 else {
            throw HubClientError(code: "not-enrolled", "this store has not enrolled with a hub; run `selaras enrol --hub URL --code CODE` first")
        }
        let bytes: [UInt8]
        do { bytes = try PosixFileSystem().readFile(path) } catch {
            throw HubClientError(code: "io", "could not read \(path)", underlying: error)
        }
        func damaged(_ why: String) -> HubClientError { HubClientError(code: "io", "\(path) is damaged (\(why)); enrol again") }
        guard bytes.count > 12, Array(bytes.prefix(8)) == magic else { throw damaged("bad magic") }
        let crc = bytes.suffix(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        guard bytes.dropLast(4).withUnsafeBytes({ Frame.crc32($0) }) == crc else { throw damaged("checksum") }
        do {
            return try Array(bytes[8..<(bytes.count - 4)]).withUnsafeBytes { p throws(ModelError) -> HubLink in
                var r = BinaryReader(p)
                let url = try r.string(maxLength: 2048)
                let device = ReplicaID(rawValue: try r.u64())
                let role = HubRole(code: try r.u8()) ?? .analyst
                let kel = try r.u16()
                let token = try r.string(maxLength: 256)
                let hub = ReplicaID(rawValue: try r.u64())
                let key = Array(try r.bytes(32))
                return HubLink(url: url, device: device, role: role, kelurahan: kel == 0 ? nil : kel, token: token, hubReplica: hub, hubKey: key)
            }
        } catch { throw damaged("\(error)") }
    }
}
