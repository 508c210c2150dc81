import SelarasModel

/// What syncs changed in devices' registry entries (the last sync's time and the recent bundle
/// digests) that the registry file does not hold yet.
///
/// Rewriting the registry (a temporary file, fsync, rename, directory fsync) on every sync cost
/// two fsyncs and an inode per sync; instead the hub keeps these notes in memory, applies them
/// to every device it reads, and writes them all in one registry update at most once a
/// second (``HubConfiguration/registryWriteInterval``, ``Hub/flushSyncNotes(force:)``) and when it closes. A crash loses at most a
/// second of "last sync" times and replay digests: no event (events are acknowledged only once
/// fsynced in the store, and a replayed bundle's events are already held, so importing it again
/// changes nothing).
struct SyncNotes: Sendable {
    /// One device's unwritten changes.
    struct Note: Sendable {
        /// Its last successful sync (ms since 1970, for people).
        var lastSync: Int64
        /// Digests of bundles received since the last write, oldest first.
        var bundles: [[UInt8]]
    }

    /// Unwritten changes by device.
    private(set) var notes: [ReplicaID: Note] = [:]
    /// When the notes were last written (a monotonic instant).
    private(set) var lastWrite = ContinuousClock.now

    /// How long notes may wait before they are written.
    let interval: Duration

    /// No notes; they may wait `interval` before they are written.
    init(interval: Duration) { self.interval = interval }

    /// Whether nothing is waiting.
    var isEmpty: Bool { notes.isEmpty }

    /// Whether the notes should be written now.
    var isDue: Bool { !notes.isEmpty && ContinuousClock.now - lastWrite >= interval }

    /// Notes a device's successful sync.
    mutating func note(_ device: ReplicaID, syncedAt time: Int64, bundle digest: [UInt8]) {
        var n = notes[device] ?? Note(lastSync: 0, bundles: [])
        n.lastSync = max(n.lastSync, time)
        n.bundles.append(digest)
        if n.bundles.count > Device.recentBundlesKept { n.bundles.removeFirst(n.bundles.count - Device.recentBundlesKept) }
        notes[device] = n
    }

    /// The device as it is with the unwritten changes applied.
    func applied(to device: Device) -> Device {
        guard let n = notes[device.id] else { return device }
        var d = device
        Self.apply(n, to: &d)
        return d
    }

    /// Applies one device's note to its entry.
    static func apply(_ n: Note, to d: inout Device) {
        d.lastSync = max(d.lastSync, n.lastSync)
        for b in n.bundles { d.remember(bundle: b) }
    }

    /// Removes and returns the notes (the caller writes them), restarting the interval.
    mutating func take() -> [ReplicaID: Note] {
        defer {
            notes = [:]
            lastWrite = .now
        }
        return notes
    }

    /// Puts back notes whose write failed (newer notes win).
    mutating func restore(_ old: [ReplicaID: Note]) {
        for (id, n) in old {
            var merged = n
            if let newer = notes[id] {
                merged.lastSync = max(n.lastSync, newer.lastSync)
                merged.bundles = Array((n.bundles + newer.bundles).suffix(Device.recentBundlesKept))
            }
            notes[id] = merged
        }
    }
}
