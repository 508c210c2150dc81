import SelarasAnthro
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasSync

extension DashboardSnapshot {
    /// Builds the snapshot of an open store: its consolidated state, its version vector and
    /// the pending area's waiting segments, as `selaras status` reads them.
    /// - Parameters:
    ///   - store: the replica's store.
    ///   - state: its consolidated state when the caller has it (else it is read from the store).
    ///   - devices: the hub's enrolled devices, or nil without a hub.
    ///   - month: the month of the figures (default: the last complete month in Balikpapan, UTC+8).
    ///   - takenAt: the time to print (ms since 1970 UTC; default now).
    /// - Throws: `StoreError` when the store cannot be read, `SyncError` when the pending area
    ///   cannot, `GrowthStandardsError` when the WHO tables cannot be loaded.
    public init(store: Store, state: ConsolidatedState? = nil, devices: [DashboardDevice]?,
                month: DashboardMonth = .lastComplete(), takenAt: Int64 = WallClock.nowMilliseconds()) throws {
        let vv = store.versionVector
        let waiting = try PendingArea(store: store).segments().filter { $0.lastSeq > vv[$0.stream] }.map {
            WaitingSegment(stream: $0.stream, firstSeq: $0.firstSeq, lastSeq: $0.lastSeq, missingFrom: vv[$0.stream] + 1)
        }
        self.init(state: try state ?? ConsolidatedState(store: store), versionVector: vv, waiting: waiting,
                  replicaLabel: store.metadata.label, replicaKelurahan: store.metadata.kelurahan, devices: devices,
                  month: month, standards: try GrowthStandards.bundled(), pseudonymKey: store.derivedSecret(label: "pseudonyms"),
                  takenAt: takenAt, replicaID: store.metadata.replica)
    }
}
