/// "Did you mean …?" for a word typed against a short list (kelurahan, field flags, command
/// names): the nearest by edit distance, ignoring case.
///
/// Written by hand: the lists are at most a few dozen words, so a plain edit distance
/// per candidate is instant, and swift-argument-parser offers no public helper for it.
enum DidYouMean {
    /// The candidate nearest to `word`, when it is near enough to be a typing slip: at most a
    /// third of the word's length in edits (at least 1, at most 3), or `word` is a prefix of it
    /// of 3 or more letters. Ties go to the earlier candidate.
    static func nearest(_ word: String, among candidates: [String]) -> String? {
        let w = word.lowercased()
        guard !w.isEmpty else { return nil }
        if w.count >= 3, let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(w) }) { return prefixed }
        let limit = min(3, max(1, w.count / 3))
        var best: (name: String, distance: Int)? = nil
        for c in candidates {
            let d = distance(w, c.lowercased())
            if d <= limit, best == nil || d < best!.distance { best = (c, d) }
        }
        return best?.name
    }

    /// `"; did you mean X?"`, or an empty string when nothing is near.
    static func hint(_ word: String, among candidates: [String], shownAs show: (String) -> String = { $0 }) -> String {
        nearest(word, among: candidates).map { "; did you mean \(show($0))?" } ?? ""
    }

    /// The edit distance between two strings, by Characters: insertions, deletions,
    /// substitutions and swaps of two neighbours (`chekc` → `check` is one edit).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], twoBack[j - 2] + 1) }
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
