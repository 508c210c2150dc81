import SelarasModel
import SelarasTestSupport

/// Generates random valid events: every field of a kind's schema may appear, with a random
/// value of its type inside its allowed range.
enum RandomEvents {
    static func value(_ type: FieldType, _ rng: inout SeededRandom) -> FieldValue {
        switch type {
        case .text(let max, let digits, let phone):
            if let d = digits { return .text(String((0..<d).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })) }
            if phone { return .text("+62" + String((0..<10).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })) }
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz ABCÉñ'-.,;名🚀")
            let n = Int.random(in: 0...min(max, 40), using: &rng)
            return .text(String((0..<n).map { _ in alphabet.randomElement(using: &rng)! }))
        case .decimal(_, _, let range), .integer(_, let range):
            return .number(Int64.random(in: range, using: &rng))
        case .date:
            return .date(LocalDate(daysSinceEpoch: Int32.random(in: -25_000...80_000, using: &rng)))
        case .bool:
            return .bool(Bool.random(using: &rng))
        case .choice(let values, _):
            return .text(values.randomElement(using: &rng)!)
        case .reference(let kind):
            return .reference(EntityID(kind: kind, origin: dot(&rng)))
        }
    }

    static func dot(_ rng: inout SeededRandom) -> Dot {
        let big = Bool.random(using: &rng)
        return Dot(stream: StreamID(origin: ReplicaID(rawValue: rng.next()), kelurahanCode: UInt16.random(in: 0...UInt16.max, using: &rng)),
                   seq: big ? UInt64.random(in: 1...UInt64.max, using: &rng) : UInt64.random(in: 1...300, using: &rng))
    }

    static func fields(_ kind: RecordKind, _ rng: inout SeededRandom) -> FieldMap {
        var f = FieldMap()
        for spec in kind.schema.fields.shuffled(using: &rng) where Int.random(in: 0..<3, using: &rng) > 0 {
            f[spec.tag] = value(spec.type, &rng)
        }
        return f
    }

    static func event(_ rng: inout SeededRandom) -> Event {
        let kind = RecordKind.allCases.randomElement(using: &rng)!
        let d = dot(&rng)
        let prev = d.seq == 1 ? EventHash.zero : EventHash(words: (rng.next(), rng.next(), rng.next(), rng.next()))
        let context = (0..<Int.random(in: 0...4, using: &rng)).map { _ in dot(&rng) }
        let author = String(repeating: "k", count: Int.random(in: 0...20, using: &rng))
        let at = Int64(bitPattern: rng.next()) >> Int.random(in: 0...63, using: &rng)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0:
            return Event(dot: d, previousHash: prev, entity: EntityID(kind: kind, origin: d), context: context,
                         operation: .create(kind, fields(kind, &rng)), author: author, recordedAt: at)
        case 1:
            return Event(dot: d, previousHash: prev, entity: EntityID(kind: kind, origin: dot(&rng)), context: context,
                         operation: .correct(fields(kind, &rng), reason: "reason \(rng.next())"), author: author, recordedAt: at)
        default:
            return Event(dot: d, previousHash: prev, entity: EntityID(kind: kind, origin: dot(&rng)), context: context,
                         operation: .void(reason: String(repeating: "v", count: Int.random(in: 0...30, using: &rng))), author: author, recordedAt: at)
        }
    }
}
