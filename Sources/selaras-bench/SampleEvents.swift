import SelarasModel

private typealias C = FieldKey.Child
private typealias G = FieldKey.GrowthCheck

/// Realistic growth-check drafts for benchmarks (deterministic).
enum SampleEvents {
    static func check(_ i: Int, kelurahan: UInt16, child: EntityID) -> EventDraft {
        let fields = FieldMap([
            (G.child, .reference(child)),
            (G.measuredOn, .date(LocalDate(daysSinceEpoch: 20_000 + Int32(i % 365)))),
            (G.weight, .number(Int64(60 + i % 120))),
            (G.lengthHeight, .number(Int64(650 + i % 400))),
            (G.position, .text(i % 3 == 0 ? "standing" : "lying")),
            (G.head, .number(Int64(400 + i % 80))),
            (G.muac, .number(Int64(125 + i % 40))),
            (G.cadre, .text("Bu Sulastri")),
            (G.posyandu, .text("Melati 3")),
        ])
        return .create(.growthCheck, fields, kelurahanCode: kelurahan, author: "Bu Sulastri",
                       recordedAt: 1_735_000_000_000 + Int64(i) * 1000)
    }

    /// A child id to reference.
    /// The child registration whose id ``child(_:kelurahan:)`` names when it is a store's first event.
    static func childDraft(kelurahan: UInt16) -> EventDraft {
        .create(.child, FieldMap([(C.name, .text("Siti Aminah")), (C.sex, .text("P")), (C.born, .date(LocalDate(year: 2023, month: 6, day: 1)!)),
                                  (C.mother, .text("Nurul Hidayah"))]), kelurahanCode: kelurahan, author: "Bu Sulastri", recordedAt: 1_734_999_999_000)
    }

    static func child(_ replica: ReplicaID, kelurahan: UInt16) -> EntityID {
        EntityID(kind: .child, origin: Dot(stream: StreamID(origin: replica, kelurahanCode: kelurahan), seq: 1))
    }

    /// The same row as SQL values, for the SQLite baseline.
    static func sqlRow(_ i: Int, _ d: EventDraft) -> String {
        guard case .create(_, let f) = d.operation else { return "" }
        func num(_ k: FieldKey) -> String { f[k]?.number.map(String.init) ?? "NULL" }
        return "(\(i),'\(f[G.child]!.reference!)','\(f[G.measuredOn]!.date!)',\(num(G.weight)),\(num(G.lengthHeight)),'\(f[G.position]!.text!)',\(num(G.head)),\(num(G.muac)),'Bu Sulastri','Melati 3','\(d.author)',\(d.recordedAt))"
    }
}
