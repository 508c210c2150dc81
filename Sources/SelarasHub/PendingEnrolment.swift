import SelarasHubProtocol

/// A one-time enrolment code waiting to be used: only its hash is kept.
public struct PendingEnrolment: Sendable, Hashable {
    /// SHA-256 of the normalised code.
    public let codeHash: [UInt8]
    /// The role it grants.
    public let role: HubRole
    /// The kelurahan it binds a cadre to.
    public let kelurahan: UInt16?
    /// When it stops working (ms).
    public let expiresAt: Int64

    /// Creates a pending enrolment.
    public init(codeHash: [UInt8], role: HubRole, kelurahan: UInt16?, expiresAt: Int64) {
        self.codeHash = codeHash
        self.role = role
        self.kelurahan = kelurahan
        self.expiresAt = expiresAt
    }
}
