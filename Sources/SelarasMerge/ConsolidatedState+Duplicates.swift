import SelarasModel

extension ConsolidatedState {
    /// Normalises a name for matching: lowercase, letters and digits only, single spaces.
    static func normalise(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " })
            .split(separator: " ").joined(separator: " ")
    }

    /// Children that look like the same child: the same NIK, or the same normalised name and
    /// birth date plus the same mother or kelurahan. Each pair lists its evidence and the
    /// standing decision (pairs a person marked `not-same` are still listed, with that decision).
    /// - Complexity: O(children) with hashing, plus the pairs found.
    public func duplicateCandidates() -> [DuplicateCandidate] {
        var groups: [String: [EntityID]] = [:]
        for c in records(of: .child) {
            if let nik = c.value(FieldKey.Child.nik)?.text { groups["same NIK\u{0}" + nik, default: []].append(c.id) }
            guard let name = c.value(FieldKey.Child.name)?.text, let born = c.value(FieldKey.Child.born)?.date else { continue }
            let base = Self.normalise(name) + "|" + born.description
            if let mother = c.value(FieldKey.Child.mother)?.text {
                groups["same name, birth date and mother\u{0}" + base + "|" + Self.normalise(mother), default: []].append(c.id)
            }
            if let kel = c.value(FieldKey.Child.kelurahan)?.text {
                groups["same name, birth date and kelurahan\u{0}" + base + "|" + kel, default: []].append(c.id)
            }
        }
        var evidence: [[EntityID]: [String]] = [:]
        for (key, ids) in groups where ids.count > 1 {
            let why = String(key.prefix { $0 != "\u{0}" })
            let sorted = ids.sorted()
            for i in 0..<sorted.count { for j in (i + 1)..<sorted.count { evidence[[sorted[i], sorted[j]], default: []].append(why) } }
        }
        return evidence.map { pair, why in
            DuplicateCandidate(first: pair[0], second: pair[1], evidence: why.sorted(), decision: decision(pair[0], pair[1]))
        }.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
    }

    /// The standing decision about two children (nil when none, or when concurrent
    /// decisions disagree — that is a conflict shown by ``linkConflicts``).
    public func decision(_ a: EntityID, _ b: EntityID) -> Bool? {
        let (lo, hi) = a < b ? (a, b) : (b, a)
        guard let r = self[lo]?.links[hi], !r.isConflicted else { return nil }
        return r.winner?.value.bool
    }

    /// The child that represents `id` after `same-as` decisions: the smallest id of its group.
    /// Growth checks of merged children follow it. O(group size).
    public func canonicalChild(_ id: EntityID) -> EntityID {
        canonicalChildren()[id] ?? id
    }

    /// Every merged child → its representative (only children in a same-as group appear).
    public func canonicalChildren() -> [EntityID: EntityID] {
        var parent: [EntityID: EntityID] = [:]
        func find(_ x: EntityID) -> EntityID {
            var x = x
            while let p = parent[x], p != x { x = p }
            return x
        }
        var linked: [EntityState] = []
        forEachEntity { if $0.id.kind == .child && $0.isCreated && !$0.isVoided && !$0.links.isEmpty { linked.append($0) } }
        for e in linked.sorted(by: { $0.id < $1.id }) {
            for (other, reg) in e.links.sorted(by: { $0.key < $1.key }) where !reg.isConflicted && reg.winner?.value.bool == true {
                guard let o = self[other], o.isCreated, !o.isVoided else { continue }
                let a = find(e.id), b = find(other)
                if a != b { if a < b { parent[b] = a } else { parent[a] = b } }
                if parent[e.id] == nil { parent[e.id] = find(e.id) }
                if parent[other] == nil { parent[other] = find(other) }
            }
        }
        var out: [EntityID: EntityID] = [:]
        for k in parent.keys { out[k] = find(k) }
        return out
    }
}
