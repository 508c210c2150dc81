import SelarasModel

extension DashboardSnapshot {
    /// The same snapshot with another device list and time: what a laptop's sync that brought
    /// nothing new changes (its last sync). The figures, conflicts and duplicates — the costly
    /// part, computed from the state — are kept as they are, so the hub need not recompute them
    /// when only the devices changed.
    /// - Parameters:
    ///   - devices: the hub's enrolled devices now.
    ///   - takenAt: the time to print (ms since 1970 UTC).
    /// - Complexity: O(kelurahan + devices).
    public func replacingDevices(_ devices: [DashboardDevice], takenAt: Int64) -> DashboardSnapshot {
        DashboardSnapshot(copying: self, devices: devices, takenAt: takenAt)
    }

    /// The same snapshot with these open conflicts and duplicate pairs (found by the caller
    /// beside the figures, see ``init(state:versionVector:waiting:replicaLabel:replicaKelurahan:devices:month:standards:pseudonymKey:exports:takenAt:replicaID:openItems:)``).
    /// - Complexity: O(kelurahan + devices).
    public func replacingOpenItems(conflicts: [OpenConflict], duplicates: [OpenDuplicate]) -> DashboardSnapshot {
        DashboardSnapshot(copying: self, devices: devices, takenAt: takenAt, openItems: (conflicts, duplicates))
    }

    /// A copy of `other` whose device lists are rebuilt from `devices` (grouped and ordered as
    /// the state initialiser does), and with other open items when given.
    init(copying other: DashboardSnapshot, devices: [DashboardDevice], takenAt: Int64,
         openItems: (conflicts: [OpenConflict], duplicates: [OpenDuplicate])? = nil) {
        month = other.month
        trendMonths = other.trendMonths
        replicaLabel = other.replicaLabel
        replicaKelurahan = other.replicaKelurahan
        replicaID = other.replicaID
        self.takenAt = takenAt
        hasHub = true
        totals = other.totals
        self.devices = devices
        kelurahan = other.kelurahan.map { k in
            KelurahanSummary(kelurahan: k.kelurahan, devices: Self.devices(devices, in: k.kelurahan), origins: k.origins,
                             eventsWaiting: k.eventsWaiting, current: k.current, trend: k.trend)
        }
        otherDevices = Self.otherDevices(devices)
        conflicts = openItems?.conflicts ?? other.conflicts
        duplicates = openItems?.duplicates ?? other.duplicates
        exports = other.exports
    }

    /// A kelurahan's laptops, by label then id.
    static func devices(_ devices: [DashboardDevice], in kelurahan: Kelurahan) -> [DashboardDevice] {
        devices.filter { $0.kelurahan == kelurahan }.sorted { ($0.label, $0.id) < ($1.label, $1.id) }
    }

    /// The devices bound to no kelurahan (office, analyst), by role, label and id.
    static func otherDevices(_ devices: [DashboardDevice]) -> [DashboardDevice] {
        devices.filter { $0.kelurahan == nil }.sorted { ($0.role, $0.label, $0.id) < ($1.role, $1.label, $1.id) }
    }
}
