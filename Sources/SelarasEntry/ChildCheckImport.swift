import SelarasMerge
import SelarasModel

/// Bulk entry from registers whose rows each carry a child and one growth check of it (the
/// e-PPGBM download): children are matched by NIK, then by name + birth date + mother, against
/// the store and the rows before; a child not found is created once, and every check is
/// validated against its child (new or stored) by the same ``RecordEntry`` rules as typed entry.
///
/// A check that repeats one already in the store (same child, date and measurements) is
/// counted as already there and left out, so importing a newer download adds only what is new.
/// Nothing is recorded unless every row is valid: ``Plan/problems`` lists every bad row.
public struct ChildCheckImport: Sendable {
    /// One row: where it is (for messages) and its child's and its check's fields by name.
    public struct Row: Sendable {
        /// `FILE:ROW`, the prefix of every message about the row.
        public let place: String
        /// The child's fields (`nik`, `name`, `sex`, `born`, `mother`, …), texts as typed.
        public let child: [(name: String, text: String)]
        /// The check's fields without `child_id` (`measured_on`, `weight_kg`, …).
        public let check: [(name: String, text: String)]

        /// Creates a row.
        public init(place: String, child: [(name: String, text: String)], check: [(name: String, text: String)]) {
            self.place = place
            self.child = child
            self.check = check
        }
    }

    /// What validation produced.
    public struct Plan: Sendable {
        /// The drafts to record with `Store.recordImport`, in this order (new children first,
        /// then the checks, which reference the children's ids as the store will give them).
        public let drafts: [EventDraft]
        /// The ids the new children will have, in draft order.
        public let newChildren: [EntityID]
        /// Stored children the rows matched.
        public let matchedChildren: Set<EntityID>
        /// Checks to record.
        public let newChecks: Int
        /// `FILE:ROW` of checks already in the store (left out).
        public let alreadyStored: [String]
        /// `FILE:ROW: problem` for every refused row.
        public let problems: [String]
        /// `FILE:ROW: warning` for rows kept but flagged, and repeats within the file (left out).
        public let warnings: [String]
        /// Per row, the child it belongs to (a new child's future id), nil when refused.
        public let childOfRow: [EntityID?]
    }

    /// The entry context (store state, today, author).
    public let entry: RecordEntry
    /// The store's replica (new records' ids start with it).
    public let replica: ReplicaID
    /// The store's version vector before the import (the next sequence number of each stream).
    public let vector: VersionVector
    /// For messages, the source's name for each field name (`weight_kg` → `column 'Berat'`).
    public let labels: [String: String]

    /// Creates an importer for a store.
    public init(entry: RecordEntry, replica: ReplicaID, vector: VersionVector, labels: [String: String] = [:]) {
        self.entry = entry
        self.replica = replica
        self.vector = vector
        self.labels = labels
    }

    /// Validates every row.
    /// - Parameter progress: called with (rows done, rows total) now and then.
    public func plan(_ rows: [Row], progress: (Int, Int) -> Void = { _, _ in }) -> Plan {
        var matcher = ChildMatcher(state: entry.state)
        var augmented = entry.state
        var childDrafts: [EventDraft] = []
        var newIDs: [EntityID] = []
        var nextSeq: [StreamID: UInt64] = [:]
        var problems: [String] = []
        var warnings: [String] = []
        var matched = Set<EntityID>()
        var childOfRow = [EntityID?](repeating: nil, count: rows.count)
        // Pass 1: every row's child, found or created once.
        for (i, row) in rows.enumerated() {
            if i % 1000 == 0 { progress(i / 2, rows.count) }
            let keys = ChildMatcher.Keys(row.child)
            switch matcher.find(keys) {
            case .failure(let failure):
                problems.append("\(row.place): \(failure.message)")
            case .success(let id?):
                childOfRow[i] = id
                if entry.state[id] != nil { matched.insert(id) }
            case .success(nil):
                do {
                    let p = try entry.prepareCreate(.child, row.child)
                    let stream = StreamID(origin: replica, kelurahanCode: p.draft.kelurahanCode)
                    let seq = nextSeq[stream, default: vector[stream]] + 1
                    nextSeq[stream] = seq
                    let dot = Dot(stream: stream, seq: seq)
                    let event = p.draft.event(at: dot, previousHash: .zero)
                    augmented.apply(event)
                    childDrafts.append(p.draft)
                    newIDs.append(event.entity)
                    matcher.add(event.entity, keys)
                    childOfRow[i] = event.entity
                    warnings += p.warnings.map { "\(row.place): \(label($0))" }
                } catch {
                    problems += error.problems.map { "\(row.place): \(label($0))" }
                    matcher.refuse(keys)
                }
            }
        }
        // Pass 2: every check against its child, the new ones included.
        var checkEntry = RecordEntry(state: augmented, homeKelurahan: entry.homeKelurahan, today: entry.today,
                                     author: entry.author, standards: entry.standards)
        checkEntry.sendableKelurahan = entry.sendableKelurahan
        var index = CheckDuplicateIndex(state: entry.state)
        var checkDrafts: [EventDraft] = []
        var stored: [String] = []
        for (i, row) in rows.enumerated() {
            if i % 1000 == 0 { progress((rows.count + i) / 2, rows.count) }
            guard let child = childOfRow[i] else { continue }
            do {
                let p = try checkEntry.prepareCreate(.growthCheck, [("child_id", child.description)] + row.check)
                warnings += p.warnings.map { "\(row.place): \(label($0))" }
                if case .create(_, let fields) = p.draft.operation, let other = index.earlier(fields, name: row.place) {
                    if other.hasSuffix("already in the store") { stored.append(row.place) } else {
                        warnings.append("\(row.place): repeats \(other) (same child, date and measurements); not imported twice")
                    }
                    continue
                }
                checkDrafts.append(p.draft)
            } catch {
                problems += error.problems.map { "\(row.place): \(label($0))" }
                childOfRow[i] = nil
            }
        }
        progress(rows.count, rows.count)
        return Plan(drafts: childDrafts + checkDrafts, newChildren: newIDs, matchedChildren: matched,
                    newChecks: checkDrafts.count, alreadyStored: stored, problems: problems, warnings: warnings,
                    childOfRow: childOfRow)
    }

    /// A message with its leading field name replaced by the source's name for it.
    func label(_ message: String) -> String {
        guard let colon = message.firstIndex(of: ":") else { return message }
        let field = String(message[..<colon])
        guard let name = labels[field] else { return message }
        return "\(name) (\(field))" + message[colon...]
    }
}
