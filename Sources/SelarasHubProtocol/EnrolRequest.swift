/// `POST /v1/enrol` body: a one-time code, the replica's Ed25519 public key and a signature
/// proving the replica holds the matching private key.
public struct EnrolRequest: Sendable, Codable, Hashable {
    /// The one-time code from `selaras hub enrol` (dashes and case ignored).
    public let code: String
    /// The replica's Ed25519 public key, base64 (32 bytes).
    public let publicKey: String
    /// Ed25519 signature, base64, of ``message(code:)`` with the replica's private key.
    public let signature: String
    /// A name for people (the store's label); never used for access.
    public let label: String

    /// Creates a request.
    public init(code: String, publicKey: String, signature: String, label: String) {
        self.code = code
        self.publicKey = publicKey
        self.signature = signature
        self.label = label
    }

    /// The bytes a replica signs to enrol: `selaras-enrol:` and the normalised code.
    public static func message(code: String) -> [UInt8] {
        Array(("selaras-enrol:" + EnrolmentCode.normalise(code)).utf8)
    }
}

/// `POST /v1/enrol` answer: the device's token (shown once, kept only as a hash by the hub)
/// and the hub's identity, so the laptop can verify the hub's receipts.
public struct EnrolResponse: Sendable, Codable, Hashable {
    /// The device id (the replica id, 16 hex digits).
    public let device: String
    /// The role granted.
    public let role: HubRole
    /// The kelurahan code (1…34) a cadre is bound to, else nil.
    public let kelurahan: UInt16?
    /// The bearer token for every later request.
    public let token: String
    /// The hub's replica id (16 hex digits).
    public let hubReplica: String
    /// The hub's Ed25519 public key, base64: receipts are signed with it.
    public let hubPublicKey: String

    /// Creates a response.
    public init(device: String, role: HubRole, kelurahan: UInt16?, token: String, hubReplica: String, hubPublicKey: String) {
        self.device = device
        self.role = role
        self.kelurahan = kelurahan
        self.token = token
        self.hubReplica = hubReplica
        self.hubPublicKey = hubPublicKey
    }
}

/// `GET /v1/me` and `GET /v1/devices` entries: an enrolled device as the hub sees it.
public struct DeviceInfo: Sendable, Codable, Hashable {
    /// The device id (replica id, 16 hex digits).
    public let device: String
    /// The role.
    public let role: HubRole
    /// The kelurahan code a cadre is bound to, else nil.
    public let kelurahan: UInt16?
    /// The kelurahan's name, else nil.
    public let kelurahanName: String?
    /// The label given at enrolment.
    public let label: String
    /// When it enrolled (ISO 8601, UTC).
    public let enrolledAt: String
    /// Its last successful sync (ISO 8601, UTC), or nil.
    public let lastSync: String?
    /// Whether its access was revoked.
    public let revoked: Bool

    /// Creates an entry.
    public init(device: String, role: HubRole, kelurahan: UInt16?, kelurahanName: String?, label: String,
                enrolledAt: String, lastSync: String?, revoked: Bool) {
        self.device = device
        self.role = role
        self.kelurahan = kelurahan
        self.kelurahanName = kelurahanName
        self.label = label
        self.enrolledAt = enrolledAt
        self.lastSync = lastSync
        self.revoked = revoked
    }
}
