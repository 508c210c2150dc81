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
