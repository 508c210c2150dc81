import SelarasModel

/// An enrolled laptop as the dashboard shows it: plain values the hub copies from its device
/// registry (the dashboard does not depend on the hub). Without a hub the list is empty.
public struct DashboardDevice: Sendable, Hashable {
    /// The device id (the replica id, as `selaras hub devices` prints it).
    public let id: String
    /// Its role as the hub names it (`cadre`, `office`, `analyst`).
    public let role: String
    /// The kelurahan a cadre's laptop is bound to; nil for office and analyst devices.
    public let kelurahan: Kelurahan?
    /// A name for people (the laptop's store label).
    public let label: String
    /// Its last successful sync, milliseconds since 1970 UTC; nil when it never synced.
    public let lastSync: Int64?
    /// Whether its access was revoked (its data stays).
    public let revoked: Bool

    /// Creates a device row.
    /// - Parameters:
    ///   - id: the device (replica) id.
    ///   - role: `cadre`, `office` or `analyst`.
    ///   - kelurahan: a cadre's kelurahan, else nil.
    ///   - label: a name for people.
    ///   - lastSync: last sync in ms since 1970 UTC, nil for never.
    ///   - revoked: whether its access was revoked.
    public init(id: String, role: String, kelurahan: Kelurahan?, label: String, lastSync: Int64?, revoked: Bool = false) {
        self.id = id
        self.role = role
        self.kelurahan = kelurahan
        self.label = label
        self.lastSync = lastSync
        self.revoked = revoked
    }
}
