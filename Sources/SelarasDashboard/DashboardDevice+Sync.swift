extension DashboardDevice {
    /// How long a cadre's laptop may go without syncing before the page flags it: 7 days.
    public static let overdueAfterMilliseconds: Int64 = 7 * 24 * 3_600_000

    /// Whether the device syncs with the hub at all: cadres' laptops and the office's do;
    /// an analyst only downloads exports, so the page never says an analyst "never synced".
    public var syncs: Bool { role != "analyst" }

    /// Whether this is a cadre's laptop, not revoked, whose last sync is 7 days or more before
    /// `now` (or that never synced): the page flags it.
    /// - Parameter now: the time the page is shown, ms since 1970 UTC.
    public func syncOverdue(now: Int64) -> Bool {
        guard role == "cadre", !revoked else { return false }
        guard let lastSync else { return true }
        return now - lastSync >= Self.overdueAfterMilliseconds
    }
}
