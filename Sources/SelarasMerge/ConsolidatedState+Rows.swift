import Dispatch
import SelarasModel

/// Reading the records of a kind in id order, on all cores, without copying them: the readers'
/// (the export's) way in, so that none of them depends on how the records are stored.
extension ConsolidatedState {
    /// The rows `select` makes of the created records of `kind`, in the records' id order.
    ///
    /// `select` runs on all cores, once per created record of the kind, with the record and its
    /// number, and returns a row or nil to leave the record out; it must not depend on the order
    /// it sees records in. Rows are written into one array reserved up front (room for every
    /// record of the kind, `MemoryLayout<Row>.stride` bytes each), one region per core's part,
    /// each put in id order (taken as found when the fold met its records in id order, which it
    /// does when every create comes before later events about its record, else sorted); the
    /// regions are then merged in place. So the result never depends on the cores or the fold.
    /// - Parameters:
    ///   - kind: the kind of the records visited.
    ///   - placeholder: a row to fill the reserved space with before the rows are found.
    ///   - select: the row of a record (given with its number), or nil.
    /// - Returns: the rows, in id order of their records.
    /// - Complexity: O(records of the kind) when found in id order, O(n log n) otherwise;
    ///   memory one row per record of the kind, and for the merge a copy of the rows merged so
    ///   far but the last part.
    public func rows<Row: RecordRow>(of kind: RecordKind, placeholder: Row,
                                     _ select: @Sendable (EntityState, UInt32) -> Row?) -> [Row] {
        var starts = [0]
        for s in shards { starts.append(starts[starts.count - 1] + s.count(of: kind)) }
        let regionStarts = starts
        var rows = [Row](repeating: placeholder, count: starts[starts.count - 1])
        nonisolated(unsafe) var found = [Int](repeating: 0, count: shards.count)
        rows.withUnsafeMutableBufferPointer { buffer in
            found.withUnsafeMutableBufferPointer { foundBuffer in
                nonisolated(unsafe) let buffer = buffer
                nonisolated(unsafe) let foundBuffer = foundBuffer
                DispatchQueue.concurrentPerform(iterations: shards.count) { s in
                    var n = regionStarts[s]
                    var sorted = true
                    var last: EntityID? = nil
                    let base = recordNumber(of: EntityPosition(shard: UInt32(s), index: 0))
                    for (i, e) in shards[s].records.enumerated() where e.id.kind == kind && e.isCreated {
                        guard let row = select(e, base + UInt32(i)) else { continue }
                        buffer[n] = row
                        n += 1
                        if let last, last > e.id { sorted = false }
                        last = e.id
                    }
                    let region = UnsafeMutableBufferPointer(rebasing: buffer[regionStarts[s]..<n])
                    if !sorted { sortByID(region) }
                    foundBuffer[s] = n - regionStarts[s]
                }
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
            mergeInPlace(&rows, split: merged, end: merged + length)
            merged += length
        }
        return rows
    }

    /// The record with this number (a row's ``RecordRow/record``). O(shards).
    /// - Precondition: the number came from this state, unchanged since.
    public func record(number: UInt32) -> EntityState { self[position(ofRecord: number)] }

    /// The id of the record with this number, without copying the record. O(shards).
    /// - Precondition: the number came from this state, unchanged since.
    public func id(ofRecord number: UInt32) -> EntityID { id(at: position(ofRecord: number)) }

    /// Folds every record into partial results on all cores: each task starts from `initial`
    /// and folds the records it is given with `body`. Which records a partial holds, and how
    /// many partials there are, depend on the machine: combine them so that the result does not.
    /// - Complexity: O(records).
    public func partialResults<Partial: Sendable>(_ initial: Partial,
                                                  _ body: @Sendable (inout Partial, EntityState) -> Void) -> [Partial] {
        nonisolated(unsafe) var results = [Partial](repeating: initial, count: shards.count)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: shards.count) { s in
                var partial = initial
                for e in shards[s].records { body(&partial, e) }
                out[s] = partial
            }
        }
        return results
    }

    /// Merges the sorted runs `rows[0..<split]` and `rows[split..<end]` into id order, with a
    /// copy of the first run as the only extra memory. O(end).
    private func mergeInPlace<Row: RecordRow>(_ rows: inout [Row], split: Int, end: Int) {
        guard split > 0, split < end else { return }
        let left = Array(rows[0..<split])
        var i = 0, j = split, out = 0
        var leftID = id(ofRecord: left[0].record), rightID = id(ofRecord: rows[j].record)
        while i < left.count {
            // The output never overtakes the right run's next row: out = i + (j - split) ≤ j.
            if j < end, rightID < leftID {
                rows[out] = rows[j]
                j += 1
                if j < end { rightID = id(ofRecord: rows[j].record) }
            } else {
                rows[out] = left[i]
                i += 1
                if i < left.count { leftID = id(ofRecord: left[i].record) }
            }
            out += 1
        }
    }

    /// Sorts a region of rows into id order: sorts plain 24-byte keys (no reference counting
    /// inside the sort), then permutes the rows by following each cycle once.
    private func sortByID<Row: RecordRow>(_ rows: UnsafeMutableBufferPointer<Row>) {
        var keys = [IDKey]()
        keys.reserveCapacity(rows.count)
        for (i, r) in rows.enumerated() { keys.append(IDKey(id(ofRecord: r.record), index: i)) }
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
}

/// An id's sort key (the same order as `EntityID`'s `<`: kind, replica, kelurahan, seq) and
/// its row's place.
private struct IDKey {
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
