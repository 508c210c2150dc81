import Foundation
import SelarasMerge
import SelarasModel

/// The children of the store, kept ready for the "Cari anak" search: each child's name,
/// mother's name and posyandu folded (lowercase, no accents, letters and digits only) and its
/// NIK digits. Updated child by child as events are applied.
public struct ChildSearchIndex: Sendable {
    /// One child's folded texts.
    struct Entry: Sendable {
        var id: EntityID
        var words: [String]
        var text: String
        var nik: String
        var voided: Bool
    }
    private(set) var entries: [Entry] = []
    private var position: [EntityID: Int] = [:]

    /// An empty index.
    public init() {}

    /// The index of every child of a state. O(children).
    public init(state: ConsolidatedState) {
        for c in state.records(of: .child) { update(c) }
    }

    /// Folds text for matching: lowercase, diacritics removed, anything but letters and digits a space.
    public static func fold(_ s: String) -> String {
        let plain = s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        return String(plain.map { $0.isLetter || $0.isNumber ? $0 : " " }).split(separator: " ").joined(separator: " ")
    }

    /// Adds or replaces a child.
    public mutating func update(_ child: EntityState) {
        let name = child.value(FieldKey.Child.name)?.text ?? ""
        let mother = child.value(FieldKey.Child.mother)?.text ?? ""
        let posyandu = child.value(FieldKey.Child.posyandu)?.text ?? ""
        let text = Self.fold(name + " " + mother + " " + posyandu)
        let entry = Entry(id: child.id, words: text.split(separator: " ").map(String.init), text: text,
                          nik: child.value(FieldKey.Child.nik)?.text ?? "", voided: child.isVoided)
        if let i = position[child.id] { entries[i] = entry } else { position[child.id] = entries.count; entries.append(entry) }
    }

    /// Children matching `query`, best first, at most `limit`: an exact NIK first, then
    /// those where every word of the query is a word (or the start of a word) of the name,
    /// mother or posyandu, then those where every word is within one or two letters'
    /// difference (typing slips: "Aminah" for "Aminnah"). Voided children are left out.
    public func search(_ query: String, limit: Int = 50) -> [EntityID] {
        let digits = query.filter(\.isNumber)
        let folded = Self.fold(query).split(separator: " ")
        let q = folded.map(Self.scalars), qBytes = folded.map { Array($0.utf8) }
        guard !q.isEmpty else { return [] }
        var exact: [EntityID] = [], prefix: [EntityID] = [], near: [EntityID] = []
        let allDigits = digits.count == query.trimmingCharacters(in: .whitespaces).count
        for e in entries where !e.voided {
            if allDigits, digits.count >= 4 {
                if e.nik == digits { exact.append(e.id) } else if e.nik.contains(digits) { prefix.append(e.id) }
                continue
            }
            // Compared on UTF-8 bytes and scalars, not Characters: the search reads every child's
            // words, and String's per-Character comparison was most of its time.
            if qBytes.allSatisfy({ w in e.words.contains { $0.utf8.starts(with: w) } }) {
                prefix.append(e.id)
            } else if q.allSatisfy({ w in e.words.contains { Self.near(w, $0) } }) {
                near.append(e.id)
            }
            if exact.count + prefix.count >= limit { break }
        }
        return Array((exact + prefix + near).prefix(limit))
    }

    /// A folded word's Unicode scalar values (after folding, one letter is one scalar).
    static func scalars(_ word: Substring) -> [UInt32] { word.unicodeScalars.map(\.value) }

    /// Whether a query word is close to a stored word: the same first letter, then within one
    /// edit for words of 4–6 letters, two for longer ones; the query may also be a near prefix
    /// of a longer word.
    static func near(_ q: String, _ w: String) -> Bool {
        near(scalars(Substring(fold(q))), fold(w))
    }

    /// ``near(_:_:)`` of a folded query word's scalars and a folded stored word.
    static func near(_ a: [UInt32], _ w: String) -> Bool {
        // A slip in the first letter is rare and checking it first skips most words cheaply.
        guard a.count >= 4, a.first == w.unicodeScalars.first?.value else { return false }
        let allowed = a.count >= 7 ? 2 : 1
        let b = w.unicodeScalars.prefix(a.count + allowed).map(\.value)
        return editDistance(a, b, cap: allowed) <= allowed
            || (b.count > a.count && editDistance(a, Array(b.prefix(a.count)), cap: allowed) <= allowed)
    }

    /// Levenshtein distance with an early exit above `cap`; its two rows live in one stack
    /// buffer (the search calls this for many words: no allocation per call).
    static func editDistance<T: Equatable>(_ a: [T], _ b: [T], cap: Int) -> Int {
        if abs(a.count - b.count) > cap { return cap + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * width) { rows -> Int in
            var prev = 0, cur = width
            for j in 0...b.count { rows[j] = j }
            for i in 1...a.count {
                rows[cur] = i
                var rowMin = i
                for j in 1...b.count {
                    let v = Swift.min(rows[prev + j] + 1, rows[cur + j - 1] + 1, rows[prev + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                    rows[cur + j] = v
                    rowMin = Swift.min(rowMin, v)
                }
                if rowMin > cap { return cap + 1 }
                swap(&prev, &cur)
            }
            return rows[prev + b.count]
        }
    }
}
