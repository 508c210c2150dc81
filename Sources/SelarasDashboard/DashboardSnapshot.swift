import SelarasAnthro
import SelarasExport
import SelarasMerge
import SelarasModel

/// Everything the office's dashboard shows, computed once from a replica: per kelurahan the
/// enrolled laptops, events waiting, S, D, D/S and stunting for a month with a 12-month trend;
/// the open conflicts and duplicates; the export downloads. The indicator figures are cells of
/// the `indicators` table of an office-tier ``Dataset`` (the same code as the export), never
/// computed a second time. Render it with ``DashboardPage``.
public struct DashboardSnapshot: Sendable {
    /// Record counts as `selaras status` prints them.
    public struct Totals: Sendable, Hashable {
        /// Active (not voided) records per kind.
        public let children: Int, growthChecks: Int, houseSurveys: Int
        /// Events in the store (the version vector's total).
        public let events: UInt64
        /// Events waiting for earlier ones, all kelurahan.
        public let eventsWaiting: UInt64
    }

    /// The month of the figures.
    public let month: DashboardMonth
    /// The months of the trend, oldest first (12, ending with ``month``).
    public let trendMonths: [DashboardMonth]
    /// The replica the page describes: its label and kelurahan (nil for a hub, which serves
    /// every kelurahan).
    public let replicaLabel: String, replicaKelurahan: Kelurahan?
    /// When the snapshot was taken (ms since 1970 UTC), for people.
    public let takenAt: Int64
    /// Whether a hub supplied the device list (false: a replica without a hub).
    public let hasHub: Bool
    /// Totals.
    public let totals: Totals
    /// One line for each of Balikpapan's 34 kelurahan (zero or empty where there is no data), in
    /// the city's order, which groups them by kecamatan (see ``byKecamatan``).
    public let kelurahan: [KelurahanSummary]
    /// The replica's own id, when known: its streams are shown under ``replicaLabel``.
    public let replicaID: ReplicaID?
    /// Every enrolled device (empty without a hub).
    public let devices: [DashboardDevice]
    /// Enrolled devices not bound to a kelurahan (office and analyst).
    public let otherDevices: [DashboardDevice]
    /// Open conflicts.
    public let conflicts: [OpenConflict]
    /// Open duplicate pairs.
    public let duplicates: [OpenDuplicate]
    /// Downloads.
    public let exports: [ExportLink]

    /// How many months the trend covers.
    public static let trendLength = 12

    /// Builds a snapshot.
    /// - Parameters:
    ///   - state: the replica's consolidated state.
    ///   - versionVector: the store's version vector (events per stream).
    ///   - waiting: the pending area's segments above the version vector (see ``WaitingSegment``).
    ///   - replicaLabel: the store's label.
    ///   - replicaKelurahan: the store's kelurahan (nil for a hub).
    ///   - devices: the hub's enrolled devices, or nil without a hub.
    ///   - month: the month of the figures.
    ///   - standards: WHO growth standards (for the dataset's z-scores).
    ///   - pseudonymKey: any key of ≥ 32 bytes (the dataset needs one; the office tier's
    ///     indicators do not depend on it).
    ///   - exports: the downloads to offer (default: every registered format, both tiers).
    ///   - takenAt: the time to print (ms since 1970 UTC).
    ///   - replicaID: the replica's own id, so its streams are shown by its label.
    ///   - openItems: the state's open conflicts and duplicate pairs when the caller computed them
    ///     (the hub does, beside the dataset, on another core); nil: computed here.
    /// - Complexity: that of building a ``Dataset`` of the 12 months shown (O(n log n) in the
    ///   children and the checks of those months).
    public init(state: ConsolidatedState, versionVector: VersionVector, waiting: [WaitingSegment],
                replicaLabel: String, replicaKelurahan: Kelurahan?, devices: [DashboardDevice]?,
                month: DashboardMonth, standards: GrowthStandards, pseudonymKey: [UInt8],
                exports: [ExportLink] = ExportLink.all, takenAt: Int64, replicaID: ReplicaID? = nil,
                openItems: (conflicts: [OpenConflict], duplicates: [OpenDuplicate])? = nil) {
        // The export's as-of date is the day the snapshot is taken in Balikpapan (UTC+8), never a
        // recorded time (the indicators shown do not depend on it; ages in the dataset do).
        var options = DatasetOptions(pseudonymKey: pseudonymKey, asOf: LocalDate(milliseconds: takenAt))
        options.tier = .office
        // Only the 12 months the page shows: checks and surveys outside them are not computed
        // (their z-scores were most of the cost on a large store). S counts children by birth
        // date, D and stunting the month's own checks, so the months kept have the same figures.
        let shown = month.trailing(Self.trendLength)
        options.from = shown.first?.firstDay
        options.to = month.lastDay
        let dataset = Dataset(state: state, standards: standards, options: options)
        let figures = MonthFigures.byKelurahan(dataset.indicators)
        self.month = month
        trendMonths = month.trailing(Self.trendLength)
        self.replicaLabel = replicaLabel
        self.replicaKelurahan = replicaKelurahan
        self.replicaID = replicaID
        self.takenAt = takenAt
        hasHub = devices != nil
        let counts = state.counts()
        let waitingByKel = WaitingSegment.eventsWaiting(waiting)
        totals = Totals(children: counts[.child]?.active ?? 0, growthChecks: counts[.growthCheck]?.active ?? 0,
                        houseSurveys: counts[.houseSurvey]?.active ?? 0, events: versionVector.totalEvents,
                        eventsWaiting: waitingByKel.values.reduce(0, +))
        var origins: [UInt16: [(origin: ReplicaID, events: UInt64)]] = [:]
        for s in versionVector.streams { origins[s.kelurahanCode, default: []].append((s.origin, versionVector[s])) }
        let devices = devices ?? []
        self.devices = devices
        let trendMonths = self.trendMonths
        kelurahan = Kelurahan.all.map { kel in
            let byMonth = figures[kel] ?? [:]
            return KelurahanSummary(
                kelurahan: kel,
                devices: Self.devices(devices, in: kel),
                origins: origins[kel.code] ?? [],
                eventsWaiting: waitingByKel[kel.code] ?? 0,
                current: byMonth[month] ?? MonthFigures(empty: month),
                trend: trendMonths.map { byMonth[$0] ?? MonthFigures(empty: $0) })
        }
        otherDevices = Self.otherDevices(devices)
        conflicts = openItems?.conflicts ?? OpenConflict.all(in: state)
        duplicates = openItems?.duplicates ?? OpenDuplicate.all(in: state)
        self.exports = exports
    }

    /// The kelurahan lines grouped by kecamatan, in the city's order (SelarasModel's list).
    public var byKecamatan: [(kecamatan: String, kelurahan: [KelurahanSummary])] {
        var out: [(kecamatan: String, kelurahan: [KelurahanSummary])] = []
        for k in kelurahan {
            if out.last?.kecamatan == k.kelurahan.kecamatan { out[out.count - 1].kelurahan.append(k) } else {
                out.append((k.kelurahan.kecamatan, [k]))
            }
        }
        return out
    }

    /// The name people know a stream's origin by: the enrolled device's label, or this
    /// replica's label; nil when neither is known (a laptop that is not enrolled at this hub).
    public func label(of origin: ReplicaID) -> String? {
        if let d = devices.first(where: { $0.id == origin.description }), !d.label.isEmpty { return d.label }
        if origin == replicaID, !replicaLabel.isEmpty { return replicaLabel }
        return nil
    }
}
