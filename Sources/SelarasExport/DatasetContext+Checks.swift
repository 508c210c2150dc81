import SelarasMerge
import SelarasModel

extension DatasetContext {
    /// A kept check as found in its shard (16 bytes).
    struct FoundCheck: Sendable {
        /// Its index in the shard's records.
        let index: UInt32
        let childIndex: Int32
        let date: LocalDate
        /// See ``CheckHistory/weight(_:)``.
        let weight: Int32
    }

    /// The growth checks to export — visible, of a kept child (merged registrations follow the
    /// surviving child), dated within the options' range — in id order, with their dates and
    /// weights for the moment.
    ///
    /// One task per shard on all cores reads three fields of each check (child, date, weight; no
    /// other field is decoded). A shard's records are in the order the fold first met them,
    /// which is id order when every check's create came before any later event about it (the
    /// fold reads streams in id order, each in seq order); such a shard is taken as it is, any
    /// other is sorted. The shards' lists are then merged. So the result never depends on the
    /// shard count or the fold order.
    /// - Parameter children: the kept children, in id order (found by binary search).
    /// - Complexity: O(checks) when the shards are in order, O(checks log checks) otherwise;
    ///   memory 16 bytes per check for the shards' lists, then 24 per check for the result.
    static func findChecks(state: ConsolidatedState, children: [EntityState], canonical: [EntityID: EntityID],
                           options: DatasetOptions) -> (rows: [CheckRow], history: CheckHistory, latest: LocalDate) {
        let lists: [[FoundCheck]] = Parallel.map(state.shardCount) { s in
            var found: [FoundCheck] = []
            var sorted = true
            var last: EntityID? = nil
            state.forEachEntity(inShard: s) { e, position in
                guard e.id.kind == .growthCheck, e.isCreated, !e.isVoided,
                      let ref = e.value(1)?.reference, let date = e.value(2)?.date, options.includes(date) else { return }
                let survivor = canonical.isEmpty ? ref : canonical[ref] ?? ref
                guard let child = childIndex(of: survivor, in: children) else { return }
                found.append(FoundCheck(index: position.index, childIndex: Int32(child), date: date,
                                        weight: CheckHistory.weight(e.value(3)?.number)))
                if let last, last > e.id { sorted = false }
                last = e.id
            }
            if !sorted { sortByID(&found, shard: s, in: state) }
            return found
        }
        // Merge the shards' sorted lists (few shards: the smallest head is found by a scan).
        let total = lists.reduce(0) { $0 + $1.count }
        var rows: [CheckRow] = [], history = CheckHistory()
        rows.reserveCapacity(total)
        history.dates.reserveCapacity(total)
        history.weights.reserveCapacity(total)
        var next = [Int](repeating: 0, count: lists.count)
        var heads: [EntityID?] = lists.enumerated().map { s, l in
            l.first.map { state.id(at: EntityPosition(shard: UInt32(s), index: $0.index)) }
        }
        var latest = LocalDate(daysSinceEpoch: 0)
        for _ in 0..<total {
            var s = -1
            for k in heads.indices { if let h = heads[k], s < 0 || h < heads[s]! { s = k } }
            let f = lists[s][next[s]]
            rows.append(CheckRow(position: EntityPosition(shard: UInt32(s), index: f.index), childIndex: f.childIndex))
            history.dates.append(f.date)
            history.weights.append(f.weight)
            if f.date > latest { latest = f.date }
            next[s] += 1
            heads[s] = next[s] < lists[s].count
                ? state.id(at: EntityPosition(shard: UInt32(s), index: lists[s][next[s]].index)) : nil
        }
        return (rows, history, latest)
    }

    /// The index of a child in `children` (sorted by id), or nil. O(log children).
    static func childIndex(of id: EntityID, in children: [EntityState]) -> Int? {
        var lo = 0, hi = children.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if children[mid].id < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < children.count && children[lo].id == id ? lo : nil
    }

    /// Sorts one shard's found checks into id order: sorts plain 24-byte keys (no reference
    /// counting inside the sort), then permutes the list by following each cycle once.
    static func sortByID(_ found: inout [FoundCheck], shard: Int, in state: ConsolidatedState) {
        var keys = [IDKey]()
        keys.reserveCapacity(found.count)
        for (i, f) in found.enumerated() {
            keys.append(IDKey(state.id(at: EntityPosition(shard: UInt32(shard), index: f.index)), index: i))
        }
        keys.sort { ($0.kind, $0.origin, $0.kelurahan, $0.seq) < ($1.kind, $1.origin, $1.kelurahan, $1.seq) }
        for i in keys.indices where keys[i].index != Int32(i) {
            var j = i
            while true {
                let k = Int(keys[j].index)
                keys[j].index = Int32(j)
                if k == i { break }
                found.swapAt(j, k)
                j = k
            }
        }
    }

    /// An id's sort key (the same order as `EntityID`'s `<`: kind, replica, kelurahan, seq) and
    /// its entry's place.
    struct IDKey {
        let origin: UInt64, seq: UInt64, kelurahan: UInt16, kind: UInt8
        var index: Int32
        init(_ id: EntityID, index: Int) {
            origin = id.origin.stream.origin.rawValue
            seq = id.origin.seq
            kelurahan = id.origin.stream.kelurahanCode
            kind = id.kind.rawValue
            self.index = Int32(index)
        }
    }
}
