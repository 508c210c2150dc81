import SelarasLog
import SelarasHubProtocol
import SelarasModel

/// The hub's enrolled devices and waiting enrolment codes, as one small binary file
/// (`STORE/hub/registry`: magic `SLRSHREG`, version, devices, codes, CRC-32).
public struct DeviceRegistry: Sendable, Hashable {
    /// Enrolled devices by id.
    public var devices: [ReplicaID: Device] = [:]
    /// Codes not yet used.
    public var pending: [PendingEnrolment] = []

    static let magic: [UInt8] = Array("SLRSHREG".utf8)
    static let version: UInt8 = 1

    /// An empty registry.
    public init() {}

    /// Devices in id order.
    public var sortedDevices: [Device] { devices.values.sorted { $0.id < $1.id } }

    /// Why the registry cannot be written as it is (a device label over
    /// ``EnrolRequest/labelLimit``, which the file is read back with), or nil.
    public var problem: String? {
        for d in sortedDevices {
            if let p = EnrolRequest.labelLimit.problem(d.label, what: "device \(d.id)'s label") { return p }
        }
        return nil
    }

    /// The binary form.
    public var encoded: [UInt8] {
        var w = BinaryWriter()
        w.raw(Self.magic)
        w.u8(Self.version)
        w.varint(UInt64(devices.count))
        for d in sortedDevices {
            w.u64(d.id.rawValue)
            w.raw(d.publicKey)
            w.u8(d.role.code)
            w.u16(d.kelurahan ?? 0)
            w.string(d.label)
            w.zigzag(d.enrolledAt)
            w.raw(d.tokenHash)
            w.zigzag(d.lastSync)
            w.zigzag(d.revokedAt)
            w.varint(UInt64(d.recentBundles.count))
            for b in d.recentBundles { w.raw(b) }
        }
        w.varint(UInt64(pending.count))
        for p in pending {
            w.raw(p.codeHash)
            w.u8(p.role.code)
            w.u16(p.kelurahan ?? 0)
            w.zigzag(p.expiresAt)
        }
        let crc = w.bytes.withUnsafeBytes { Frame.crc32($0) }
        w.u32(crc)
        return w.bytes
    }

    /// Reads the binary form.
    /// - Throws: ``HubError`` (`corrupt-registry`) naming the file when it is damaged.
    public static func decode(_ bytes: [UInt8], path: String) throws -> DeviceRegistry {
        func damaged(_ why: String) -> HubError {
            HubError(status: 500, code: "corrupt-registry", "\(path) is damaged (\(why)); restore it from a backup")
        }
        guard bytes.count >= 13, Array(bytes.prefix(8)) == magic else { throw damaged("bad magic") }
        let crc = bytes.suffix(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        guard bytes.dropLast(4).withUnsafeBytes({ Frame.crc32($0) }) == crc else { throw damaged("checksum") }
        guard bytes[8] == version else { throw damaged("version \(bytes[8]) is not \(version)") }
        do {
            return try Array(bytes[9..<(bytes.count - 4)]).withUnsafeBytes { p in
                var r = BinaryReader(p)
                var reg = DeviceRegistry()
                for _ in 0..<(try r.varint()) {
                    let id = ReplicaID(rawValue: try r.u64())
                    let key = Array(try r.bytes(32))
                    guard let role = HubRole(code: try r.u8()) else { throw damaged("unknown role") }
                    let kel = try r.u16()
                    let label = try r.string(maxLength: EnrolRequest.labelLimit.bytes)
                    let enrolled = try r.zigzag()
                    let tokenHash = Array(try r.bytes(32))
                    var d = Device(id: id, publicKey: key, role: role, kelurahan: kel == 0 ? nil : kel, label: label,
                                   enrolledAt: enrolled, tokenHash: tokenHash)
                    d.lastSync = try r.zigzag()
                    d.revokedAt = try r.zigzag()
                    for _ in 0..<(try r.varint()) { d.recentBundles.append(Array(try r.bytes(32))) }
                    reg.devices[id] = d
                }
                for _ in 0..<(try r.varint()) {
                    let hash = Array(try r.bytes(32))
                    guard let role = HubRole(code: try r.u8()) else { throw damaged("unknown role") }
                    let kel = try r.u16()
                    reg.pending.append(PendingEnrolment(codeHash: hash, role: role, kelurahan: kel == 0 ? nil : kel,
                                                        expiresAt: try r.zigzag()))
                }
                guard r.remaining == 0 else { throw damaged("\(r.remaining) stray bytes") }
                return reg
            }
        } catch let e as HubError { throw e } catch { throw damaged("\(error)") }
    }
}
