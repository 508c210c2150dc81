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
