import SelarasMerge
import SelarasModel

extension DatasetContext {
    /// The growth checks to export — visible, of a kept child (merged registrations follow the
    /// surviving child), dated within the options' range — in id order.
    ///
    /// One task per shard on all cores reads three fields of each check (child, date, weight; no
    /// other field is decoded) and writes its rows into its own region of one array. A shard's
    /// records are in the order the fold first met them, which is id order when every check's
    /// create came before any later event about it (the fold reads streams in id order, each in
    /// seq order); such a region is taken as it is, any other is sorted. The regions are then
    /// merged in place. So the result never depends on the shard count or the fold order.
    /// - Parameters:
    ///   - children: the kept children, in id order (found by binary search).
    ///   - bounds: per shard, at least the number of checks it can yield (room for its region).
    /// - Returns: the rows.
    /// - Complexity: O(checks) when the shards are in id order, O(checks log checks) otherwise;
    ///   memory 16 bytes per check, and for the merge 16 bytes per check of the shards merged
    ///   so far but the last.
    static func findChecks(state: ConsolidatedState, children: [EntityState], canonical: [EntityID: EntityID],
                           options: DatasetOptions, bounds: [Int]) -> [CheckRow] {
        var starts = [0]
        for b in bounds { starts.append(starts[starts.count - 1] + b) }
        let regionStarts = starts
        var rows = [CheckRow](repeating: .placeholder, count: starts[starts.count - 1])
        let childTag = FieldKey.GrowthCheck.child.tag, measuredTag = FieldKey.GrowthCheck.measuredOn.tag
        let weightTag = FieldKey.GrowthCheck.weight.tag
        let found: [Int] = rows.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            return Parallel.map(state.shardCount) { s in
                var n = regionStarts[s]
                var sorted = true
                var last: EntityID? = nil
                let base = state.recordNumber(of: EntityPosition(shard: UInt32(s), index: 0))
                state.forEachEntity(inShard: s) { e, position in
                    guard e.id.kind == .growthCheck, e.isCreated, !e.isVoided,
                          let ref = e.value(childTag)?.reference, let date = e.value(measuredTag)?.date, options.includes(date) else { return }
                    let survivor = canonical.isEmpty ? ref : canonical[ref] ?? ref
                    guard let child = childIndex(of: survivor, in: children) else { return }
                    buffer[n] = CheckRow(record: base + position.index, childIndex: Int32(child), date: date,
                                         weight: CheckRow.weight(e.value(weightTag)?.number))
                    n += 1
                    if let last, last > e.id { sorted = false }
                    last = e.id
                }
                let region = UnsafeMutableBufferPointer(rebasing: buffer[regionStarts[s]..<n])
                if !sorted { sortByID(region, in: state) }
                return n - regionStarts[s]
            }
        }
        // Close the gaps between the regions, then merge them in place, one after another.
        var end = 0
        var lengths: [Int] = []
        for (s, count) in found.enumerated() {
            if regionStarts[s] != end { for k in 0..<count { rows[end + k] = rows[regionStarts[s] + k] } }
            end += count
            lengths.append(count)
        }
        rows.removeLast(rows.count - end)
        var merged = lengths.first ?? 0
        for length in lengths.dropFirst() {
            mergeInPlace(&rows, split: merged, end: merged + length, in: state)
            merged += length
        }
        return rows
    }

    /// Merges the sorted runs `rows[0..<split]` and `rows[split..<end]` into id order, with a
    /// copy of the first run as the only extra memory. O(end).
    static func mergeInPlace(_ rows: inout [CheckRow], split: Int, end: Int, in state: ConsolidatedState) {
        guard split > 0, split < end else { return }
        let left = Array(rows[0..<split])
        func id(_ r: CheckRow) -> EntityID { state.id(at: state.position(ofRecord: r.record)) }
        var i = 0, j = split, out = 0
        var leftID = id(left[0]), rightID = id(rows[j])
        while i < left.count {
            // The output never overtakes the right run's next row: out = i + (j - split) ≤ j.
            if j < end, rightID < leftID {
                rows[out] = rows[j]
                j += 1
                if j < end { rightID = id(rows[j]) }
            } else {
                rows[out] = left[i]
                i += 1
                if i < left.count { leftID = id(left[i]) }
            }
            out += 1
        }
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

    /// Sorts a region of rows into id order: sorts plain 24-byte keys (no reference counting
    /// inside the sort), then permutes the rows by following each cycle once.
    static func sortByID(_ rows: UnsafeMutableBufferPointer<CheckRow>, in state: ConsolidatedState) {
        var keys = [IDKey]()
        keys.reserveCapacity(rows.count)
        for (i, r) in rows.enumerated() { keys.append(IDKey(state.id(at: state.position(ofRecord: r.record)), index: i)) }
        keys.sort { ($0.kind, $0.origin, $0.kelurahan, $0.seq) < ($1.kind, $1.origin, $1.kelurahan, $1.seq) }
        for i in keys.indices where keys[i].index != Int32(i) {
            var j = i
            while true {
                let k = Int(keys[j].index)
                keys[j].index = Int32(j)
                if k == i { break }
                rows.swapAt(j, k)
                j = k
            }
        }
    }

    /// An id's sort key (the same order as `EntityID`'s `<`: kind, replica, kelurahan, seq) and
    /// its row's place.
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
