import SelarasHubProtocol
import SelarasModel

/// One enrolled replica as the hub's registry keeps it: never its token, only the token's hash.
public struct Device: Sendable, Hashable {
    /// The replica id (derived from ``publicKey``); also the device's id for `hub revoke`.
    public let id: ReplicaID
    /// Its Ed25519 public key (32 bytes); its bundles must be signed with it.
    public let publicKey: [UInt8]
    /// What it may do.
    public let role: HubRole
    /// The kelurahan code a cadre is bound to (nil for office and analyst).
    public let kelurahan: UInt16?
    /// A name for people, from the laptop's store label.
    public let label: String
    /// When it enrolled (ms since 1970, for people).
    public let enrolledAt: Int64
    /// SHA-256 of its bearer token.
    public var tokenHash: [UInt8]
    /// Its last successful sync (ms), 0 for never.
    public var lastSync: Int64 = 0
    /// When its access was revoked (ms), 0 when it was not.
    public var revokedAt: Int64 = 0
    /// SHA-256 of the last bundles it sent (newest last, at most ``recentBundlesKept``): a
    /// bundle sent again byte for byte is a replay and is refused.
    public var recentBundles: [[UInt8]] = []

    /// How many recent bundle digests are kept per device.
    public static let recentBundlesKept = 16

    /// Whether its access was revoked.
    public var isRevoked: Bool { revokedAt != 0 }

    /// Creates a device.
    public init(id: ReplicaID, publicKey: [UInt8], role: HubRole, kelurahan: UInt16?, label: String,
                enrolledAt: Int64, tokenHash: [UInt8]) {
        self.id = id
        self.publicKey = publicKey
        self.role = role
        self.kelurahan = kelurahan
        self.label = label
        self.enrolledAt = enrolledAt
        self.tokenHash = tokenHash
    }

    /// Remembers a bundle digest (dropping the oldest past the limit).
    mutating func remember(bundle digest: [UInt8]) {
        recentBundles.append(digest)
        if recentBundles.count > Self.recentBundlesKept { recentBundles.removeFirst(recentBundles.count - Self.recentBundlesKept) }
    }

    /// The JSON form for `--json` and `GET /v1/devices`.
    public var info: DeviceInfo {
        DeviceInfo(device: id.description, role: role, kelurahan: kelurahan,
                   kelurahanName: kelurahan.flatMap { Kelurahan(code: $0)?.name }, label: label,
                   enrolledAt: WallClock.iso8601(milliseconds: enrolledAt),
                   lastSync: lastSync == 0 ? nil : WallClock.iso8601(milliseconds: lastSync), revoked: isRevoked)
    }
}
