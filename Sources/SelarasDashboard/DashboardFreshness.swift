/// For which moment a served page's figures hold: the hub computes its figures off the request
/// path, so a page viewed while it recomputes shows the last figures it computed and says so.
public struct DashboardFreshness: Sendable, Hashable {
    /// The state version (events folded in) the figures were computed from.
    public let figuresVersion: UInt64
    /// When the figures were computed (ms since 1970 UTC).
    public let figuresAt: Int64
    /// The hub's state version when the page is served.
    public let currentVersion: UInt64
    /// Whether newer figures are being computed (the state, or the events waiting, changed since).
    public let refreshing: Bool

    /// Creates the freshness line's facts.
    public init(figuresVersion: UInt64, figuresAt: Int64, currentVersion: UInt64, refreshing: Bool) {
        self.figuresVersion = figuresVersion
        self.figuresAt = figuresAt
        self.currentVersion = currentVersion
        self.refreshing = refreshing
    }
}
