import SelarasModel

/// A multi-value register: the values written to one field by events that no other write to
/// the same field has seen.
///
/// One candidate: the field is clean. Several: a conflict, shown with all candidates and a
/// deterministic winner until a person writes a value whose context covers them all.
/// The register's content depends only on the set of writes, never on their arrival order:
/// a write is dropped exactly when some write's causal context covers its dot.
public struct FieldRegister: Sendable, Hashable {
    /// Standing values, sorted by dot.
    public private(set) var candidates: [Candidate] = []
    /// Per stream, the highest seq any write's context covered (contexts are per-stream
    /// maxima: streams are gap-free, so seeing seq n of a stream means seeing all before it).
    /// Usually one or two entries, so a small sorted array beats a dictionary.
    private var covered: [Dot] = []

    /// An empty register.
    public init() {}

    /// Whether a dot is covered by some write's context.
    func isCovered(_ dot: Dot) -> Bool {
        for c in covered where c.stream == dot.stream { return c.seq >= dot.seq }
        return false
    }

    /// Adds a write. O(candidates + context).
    /// - Parameters:
    ///   - candidate: the value and its event.
    ///   - context: the causal context of the writing event.
    public mutating func apply(_ candidate: Candidate, context: [Dot]) {
        var changed = false
        for d in context {
            if let i = covered.firstIndex(where: { $0.stream == d.stream }) {
                if covered[i].seq < d.seq { covered[i] = d; changed = true }
            } else {
                covered.append(d)
                changed = true
            }
        }
        if changed, !candidates.isEmpty {
            let cov = covered
            candidates.removeAll { c in cov.contains { $0.stream == c.dot.stream && $0.seq >= c.dot.seq } }
        }
        guard !isCovered(candidate.dot), !candidates.contains(where: { $0.dot == candidate.dot }) else { return }
        let i = candidates.firstIndex { candidate.dot < $0.dot } ?? candidates.count
        candidates.insert(candidate, at: i)
    }

    /// The value shown: the only candidate, or the deterministic winner of a conflict.
    public var winner: Candidate? {
        candidates.max { $1.outranks($0) }
    }

    /// Whether concurrent writes disagree.
    public var isConflicted: Bool {
        guard let first = candidates.first else { return false }
        return candidates.dropFirst().contains { $0.value != first.value }
    }
}
