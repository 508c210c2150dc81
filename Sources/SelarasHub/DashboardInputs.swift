import SelarasDashboard
import SelarasMerge
import SelarasModel

/// Everything a dashboard snapshot is made from, taken from the hub at once (values only, read
/// outside the hub's isolation by ``DashboardRefresher``).
struct DashboardInputs: Sendable {
    /// The kept state's version (events folded in).
    let version: UInt64
    /// Runs of events waiting for a gap.
    let waiting: [WaitingSegment]
    /// The devices as the hub serves them (last syncs included).
    let devices: [DashboardDevice]
    /// The kept consolidated state (a copy-on-write value).
    let state: ConsolidatedState
    /// Its version vector.
    let vector: VersionVector
    /// The hub's label (a hub serves every kelurahan: none is named beside it).
    let label: String
    /// The key for the analyst tier's pseudonyms.
    let pseudonymKey: [UInt8]
    /// The hub's replica id (its own streams are shown by its label).
    let replica: ReplicaID
}
