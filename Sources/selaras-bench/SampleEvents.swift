import SelarasModel

/// Realistic growth-check drafts for benchmarks (deterministic).
enum SampleEvents {
    static func check(_ i: Int, kelurahan: UInt16, child: EntityID) -> EventDraft {
        let fields = FieldMap([
            (1, .reference(child)),
            (2, .date(LocalDate(daysSinceEpoch: 20_000 + Int32(i % 365)))),
            (3, .number(Int64(60 + i % 120))),
            (4, .number(Int64(650 + i % 400))),
            (5, .text(i % 3 == 0 ? "standing" : "lying")),
            (6, .number(Int64(400 + i % 80))),
            (7, .number(Int64(125 + i % 40))),
            (12, .text("Bu Sulastri")),
            (13, .text("Melati 3")),
        ])
        return .create(.growthCheck, fields, kelurahanCode: kelurahan, author: "Bu Sulastri",
                       recordedAt: 1_735_000_000_000 + Int64(i) * 1000)
    }

    /// A child id to reference.
    /// The child registration whose id ``child(_:kelurahan:)`` names when it is a store's first event.
    static func childDraft(kelurahan: UInt16) -> EventDraft {
        .create(.child, FieldMap([(3, .text("Siti Aminah")), (4, .text("P")), (5, .date(LocalDate(year: 2023, month: 6, day: 1)!)),
                                  (8, .text("Nurul Hidayah"))]), kelurahanCode: kelurahan, author: "Bu Sulastri", recordedAt: 1_734_999_999_000)
    }

    static func child(_ replica: ReplicaID, kelurahan: UInt16) -> EntityID {
        EntityID(kind: .child, origin: Dot(stream: StreamID(origin: replica, kelurahanCode: kelurahan), seq: 1))
    }

    /// The same row as SQL values, for the SQLite baseline.
    static func sqlRow(_ i: Int, _ d: EventDraft) -> String {
        guard case .create(_, let f) = d.operation else { return "" }
        func num(_ t: UInt8) -> String { f[t]?.number.map(String.init) ?? "NULL" }
        return "(\(i),'\(f[1]!.reference!)','\(f[2]!.date!)',\(num(3)),\(num(4)),'\(f[5]!.text!)',\(num(6)),\(num(7)),'Bu Sulastri','Melati 3','\(d.author)',\(d.recordedAt))"
    }
}
