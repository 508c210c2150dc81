import Foundation
import Testing
import SelarasModel
import SelarasTestSupport

@Suite("LocalDate")
struct LocalDateTests {
    @Test("text round trips for every day of 1900…2200 (sampled) and the epoch")
    func roundTrips() throws {
        let first = LocalDate(year: 1900, month: 1, day: 1)!.daysSinceEpoch
        let last = LocalDate(year: 2200, month: 12, day: 31)!.daysSinceEpoch
        var d = first
        while d <= last {
            let date = LocalDate(daysSinceEpoch: d)
            let parsed = try #require(LocalDate(date.description), "\(date)")
            #expect(parsed == date)
            let c = date.components
            #expect(LocalDate(year: c.year, month: c.month, day: c.day) == date)
            d += 7
        }
        #expect(LocalDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(LocalDate("1969-12-31")?.daysSinceEpoch == -1)
        #expect(LocalDate("2025-03-15")?.daysSinceEpoch == 20_162)
    }

    @Test("leap years", arguments: [
        (2024, true), (2023, false), (2000, true), (1900, false), (2100, false), (2028, true),
    ])
    func leapYears(year: Int, leap: Bool) {
        #expect((LocalDate(year: year, month: 2, day: 29) != nil) == leap)
        let march1 = LocalDate(year: year, month: 3, day: 1)!
        let feb28 = LocalDate(year: year, month: 2, day: 28)!
        #expect(march1.days(since: feb28) == (leap ? 2 : 1))
    }

    @Test("impossible or badly written dates are refused", arguments: [
        "2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "2025-1-01", "25-01-01", "2025/01/01",
        "2025-01-01x", "", "1899-12-31", "2201-01-01",
    ])
    func refused(text: String) { #expect(LocalDate(text) == nil) }

    @Test("arithmetic and month keys")
    func arithmetic() {
        let d = LocalDate(year: 2024, month: 12, day: 31)!
        #expect(d.adding(days: 1).description == "2025-01-01")
        #expect(d.adding(days: 60).description == "2025-03-01")
        #expect(d.monthKey == "2024-12")
        #expect(d.adding(days: -366).description == "2023-12-31")
    }
}

@Suite("Identifiers")
struct IdentifierTests {
    @Test("ReplicaID hex round trips, with leading zeros", arguments: [UInt64(0), 1, 0xabc, 0x9f86_d081_884c_7d65, .max])
    func replica(raw: UInt64) throws {
        let id = ReplicaID(rawValue: raw)
        #expect(id.description.count == 16)
        #expect(ReplicaID(hex: id.description) == id)
        #expect(ReplicaID(hex: id.description.uppercased()) == id)
    }

    @Test("ReplicaID refuses anything but 16 hex digits", arguments: ["", "abc", "9f86d081884c7d6", "9f86d081884c7d655", "9f86d081884c7d6g", "+f86d081884c7d65", "-000000000000001"])
    func replicaRefused(text: String) { #expect(ReplicaID(hex: text) == nil) }

    @Test("StreamID text round trips and file stems")
    func stream() throws {
        let s = StreamID(origin: ReplicaID(rawValue: 0x9f86_d081_884c_7d65), kelurahanCode: 26)
        #expect(s.description == "9f86d081884c7d65/26")
        #expect(StreamID(s.description) == s)
        #expect(s.fileStem == "9f86d081884c7d65-26")
        #expect(StreamID(origin: ReplicaID(rawValue: 1), kelurahanCode: 3).fileStem == "0000000000000001-03")
        #expect(StreamID("9f86d081884c7d65") == nil)
        #expect(StreamID("9f86d081884c7d65/x") == nil)
        #expect(StreamID("9f86d081884c7d65/26/1") == nil)
        #expect(StreamID("9f86d081884c7d65/70000") == nil)
        #expect(StreamID("9f86d081884c7d65/+26") == nil)
    }

    @Test("EntityID text round trips for every kind", arguments: RecordKind.allCases)
    func entity(kind: RecordKind) throws {
        var rng = SeededRandom(seed: UInt64(kind.rawValue))
        for _ in 0..<200 {
            let id = EntityID(kind: kind, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: rng.next()),
                                                                        kelurahanCode: UInt16.random(in: 1...34, using: &rng)),
                                                     seq: UInt64.random(in: 1...UInt64.max, using: &rng)))
            #expect(EntityID(id.description) == id)
            #expect(id.description.hasPrefix(kind.idPrefix + "-"))
        }
        #expect(EntityID(kind: .child, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: 0x9f86_d081_884c_7d65), kelurahanCode: 26), seq: 17)).description
                == "ch-9f86d081884c7d65-26-17")
    }

    @Test("EntityID refuses malformed text", arguments: [
        "", "ch", "xx-9f86d081884c7d65-26-17", "ch-9f86d081884c7d65-26-0", "ch-9f86d081884c7d65-26", "ch-9f86d081884c7d65-26-17-1",
        "ch-9f86d081884c7d6-26-17", "ch-9f86d081884c7d65--17", "ch-9f86d081884c7d65-26--17", "CH-9f86d081884c7d65-26-17",
        "ch-+f86d081884c7d65-26-17", "ch-9f86d081884c7d65-+26-17", "ch-9f86d081884c7d65-26-+17",
    ])
    func entityRefused(text: String) { #expect(EntityID(text) == nil) }

    @Test("Dot ordering is by stream then seq")
    func dots() {
        let a = StreamID(origin: ReplicaID(rawValue: 1), kelurahanCode: 2)
        let b = StreamID(origin: ReplicaID(rawValue: 1), kelurahanCode: 3)
        #expect(Dot(stream: a, seq: 9) < Dot(stream: b, seq: 1))
        #expect(Dot(stream: a, seq: 1) < Dot(stream: a, seq: 2))
        #expect(Dot(stream: a, seq: 5).description == "0000000000000001/2#5")
    }
}

@Suite("Kelurahan table")
struct KelurahanTests {
    @Test("the Swift table equals Fixtures/balikpapan/kelurahan.csv, row for row")
    func matchesCSV() throws {
        let root = try Fixtures.root(in: .module)
        let text = try String(contentsOf: try Fixtures.url("balikpapan/kelurahan.csv", in: root), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(lines.removeFirst() == "kecamatan,kelurahan")
        let rows = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 34)
        #expect(Kelurahan.all.count == rows.count)
        for (k, row) in zip(Kelurahan.all, rows) {
            #expect(row.count == 2)
            #expect(k.kecamatan == row[0], "code \(k.code)")
            #expect(k.name == row[1], "code \(k.code)")
        }
        #expect(Set(rows.map { $0[0] }).count == 6)
    }

    @Test("codes and names look up")
    func lookup() {
        #expect(Kelurahan(code: 0) == nil)
        #expect(Kelurahan(code: 35) == nil)
        #expect(Kelurahan(code: 26)?.name == "Manggar")
        #expect(Kelurahan(name: "  gunung   samarinda  baru")?.code == 32)
        #expect(Kelurahan(name: "Gunung Samarinda")?.code == 31)
        #expect(Kelurahan(name: "Jakarta") == nil)
    }
}
