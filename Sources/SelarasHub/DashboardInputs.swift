import SelarasDashboard
import SelarasMerge
import SelarasModel

/// What a dashboard snapshot depends on besides the time it is taken: while these are equal,
/// the hub serves the snapshot it kept.
struct DashboardKey: Sendable, Hashable {
    /// The kept state's version.
    let version: UInt64
    /// The devices as the hub serves them (last syncs included).
    let devices: [Device]
    /// Runs of events waiting for a gap.
    let waiting: [WaitingSegment]
    /// The month of the figures (`?month=`, default the last complete month in Balikpapan).
    let month: DashboardMonth
}

/// Everything a dashboard snapshot is made from, taken from the hub at once (values only), and
/// the kept snapshot when the key matches.
struct DashboardInputs: Sendable {
    /// What the snapshot depends on.
    let key: DashboardKey
    /// The kept snapshot for this key, if any.
    let kept: DashboardSnapshot?
    /// The kept snapshot when only the devices differ from this key (its figures still hold).
    let keptFigures: DashboardSnapshot?
    /// The kept consolidated state (a copy-on-write value).
    let state: ConsolidatedState
    /// Its version vector.
    let vector: VersionVector
    /// The hub's label and home kelurahan.
    let label: String, kelurahan: Kelurahan
    /// The key for the analyst tier's pseudonyms.
    let pseudonymKey: [UInt8]
    /// The hub's replica id (its own streams are shown by its label).
    var replica: ReplicaID? = nil
}
