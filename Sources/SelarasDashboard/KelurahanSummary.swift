import SelarasModel

/// One kelurahan's line on the dashboard.
public struct KelurahanSummary: Sendable {
    /// The kelurahan.
    public let kelurahan: Kelurahan
    /// Laptops the hub enrolled for it (empty without a hub).
    public let devices: [DashboardDevice]
    /// Origins whose events for this kelurahan this replica holds, with how many (from the
    /// version vector): who has reached this replica, with or without a hub.
    public let origins: [(origin: ReplicaID, events: UInt64)]
    /// Events received but waiting for earlier ones (see ``WaitingSegment``).
    public let eventsWaiting: UInt64
    /// The figures of the dashboard's month.
    public let current: MonthFigures
    /// The figures of the 12 months ending with the dashboard's month, oldest first.
    public let trend: [MonthFigures]

    /// Creates a summary.
    public init(kelurahan: Kelurahan, devices: [DashboardDevice], origins: [(origin: ReplicaID, events: UInt64)],
                eventsWaiting: UInt64, current: MonthFigures, trend: [MonthFigures]) {
        self.kelurahan = kelurahan
        self.devices = devices
        self.origins = origins
        self.eventsWaiting = eventsWaiting
        self.current = current
        self.trend = trend
    }
}
