import Foundation
import SelarasAnthro
import SelarasCompression
import SelarasExport
import SelarasExporters
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// The gzip text exporters cut tables into chunks encoded and deflated on all cores; the
/// result must still be one standard gzip member holding exactly the rows in order, with the
/// same bytes every time. And the growth status (N/T/2T/O/B) follows each child's history.
@Suite("Gzip table files")
struct GzipTableFilesTests {
    static let stream = StreamID(origin: ReplicaID(rawValue: 0xb0b), kelurahanCode: SampleRecords.kelurahan.code)

    /// Events: `children` children, then `checks` monthly checks spread over them.
    static func events(children: Int, checks: Int) -> [Event] {
        func dot(_ n: Int) -> Dot { Dot(stream: stream, seq: UInt64(n)) }
        var drafts: [EventDraft] = (0..<children).map { SampleRecords.childDraft($0) }
        for i in 0..<checks {
            let child = EntityID(kind: .child, origin: dot(1 + i % children))
            let month = i / children
            let date = LocalDate(year: 2021 + month / 12, month: 1 + month % 12, day: 1 + i % 28)!
            drafts.append(.create(.growthCheck, SampleRecords.growthCheck(child: child, measured: date, weightTenths: 60 + Int64(i % 97)),
                                  kelurahanCode: stream.kelurahanCode, author: "Bu Rina", recordedAt: SampleRecords.recordedAt))
        }
        var previous = EventHash.zero
        return drafts.enumerated().map { i, d in
            let e = d.event(at: dot(i + 1), previousHash: previous)
            previous = EventHash.of(Array(e.entity.description.utf8))
            return e
        }
    }

    static func dataset(_ events: [Event]) throws -> Dataset {
        var state = ConsolidatedState()
        for e in events { state.apply(e) }
        return Dataset(state: state, standards: try GrowthStandards.bundled(), options: DatasetOptions(pseudonymKey: Array(repeating: 7, count: 32), asOf: SampleRecords.today))
    }

    @Test("a table of several chunks is one gzip member with every row in order; the bytes repeat, whatever the arrival order")
    func chunked() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let events = Self.events(children: 40, checks: 3 * GzipTableFiles.rowsPerChunk + 17)
        let dataset = try Self.dataset(events)
        let exporter = try #require(ExporterRegistry.exporter(for: "csv.gz"))
        _ = try ExportRunner.run(exporter, dataset: dataset, directory: dir.child("a"))
        _ = try ExportRunner.run(exporter, dataset: try Self.dataset(events.reversed()), directory: dir.child("b"))
        let table = try #require(dataset.table("growth_checks"))
        #expect(table.rowCount == 3 * GzipTableFiles.rowsPerChunk + 17)
        var expected: [UInt8] = []
        CSVFormat.appendRecord(table.schema.columns.map(\.name), to: &expected)
        table.forEachRow { CSVFormat.appendRecord($0, to: &expected) }
        let file = try Array(bytes(dir.child("a/growth_checks.csv.gz")))
        // One member: zlib's gzip reader consumes the whole file and yields exactly the rows.
        #expect(try Inflater.decompress(file, format: .gzip) == expected)
        #expect(file.prefix(10) == [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])
        for name in ["children.csv.gz", "growth_checks.csv.gz", "indicators.csv.gz", "SHA256SUMS"] {
            #expect(try bytes(dir.child("a/" + name)) == bytes(dir.child("b/" + name)), "\(name)")
        }
        // Rows in a range are the same rows as in the full pass.
        var middle: [[Cell]] = []
        table.forEachRow(in: 4090..<4100) { middle.append($0) }
        var all: [[Cell]] = []
        table.forEachRow { all.append($0) }
        #expect(middle == Array(all[4090..<4100]))
    }

    @Test("growth status by the Buku KIA rule: B first, N gained the KBM, T not, 2T twice, O after a month without a check; checks without weight skipped")
    func growthStatus() throws {
        func dot(_ n: Int) -> Dot { Dot(stream: Self.stream, seq: UInt64(n)) }
        let a = EntityID(kind: .child, origin: dot(1)), b = EntityID(kind: .child, origin: dot(2))
        // (child, year, month, day, weight or nil); ids are given in this order, not date order.
        let checks: [(EntityID, Int, Int, Int, Int64?)] = [
            (a, 2025, 3, 5, 99),   // after T in February: 2T
            (b, 2025, 1, 9, 80),   // B
            (a, 2025, 1, 5, 100),  // B
            (a, 2025, 2, 5, 100),  // T (not gained)
            (b, 2025, 2, 9, nil),  // no weight: no status, and not the previous check
            (a, 2025, 5, 5, 120),  // O (no check in April)
            (b, 2025, 3, 9, 85),   // O: its previous weighed check is January
            (a, 2025, 6, 5, 125),  // N: +500 g, the KBM at 24 months is 200 g
            (a, 2025, 7, 5, 126),  // T: +100 g gained, but less than the KBM (Buku KIA)
            (a, 2025, 8, 1, 127),  // T, then replaced as August's weighing by the next
            (a, 2025, 8, 20, 130), // N: +400 g against July (not against 1 August)
        ]
        var drafts: [EventDraft] = [SampleRecords.childDraft(0), SampleRecords.childDraft(1)]
        for (child, y, m, d, w) in checks {
            var fields = SampleRecords.growthCheck(child: child, measured: LocalDate(year: y, month: m, day: d)!, weightTenths: w ?? 1)
            if w == nil { fields[3] = nil }
            drafts.append(.create(.growthCheck, fields, kelurahanCode: Self.stream.kelurahanCode, author: "Bu Rina", recordedAt: SampleRecords.recordedAt))
        }
        var previous = EventHash.zero
        let events = drafts.enumerated().map { i, d in
            let e = d.event(at: dot(i + 1), previousHash: previous)
            previous = EventHash.of(Array(e.entity.description.utf8))
            return e
        }
        var options = DatasetOptions(pseudonymKey: Array(repeating: 7, count: 32), asOf: SampleRecords.today)
        options.tier = .office
        var state = ConsolidatedState()
        for e in events.shuffled() { state.apply(e) }
        let table = try #require(Dataset(state: state, standards: try GrowthStandards.bundled(), options: options).table("growth_checks"))
        let column = try #require(table.schema.columns.firstIndex { $0.name == "growth" })
        var growth: [String] = []
        table.forEachRow { growth.append($0[column].text) }
        #expect(growth == ["2T", "B", "B", "T", "", "O", "O", "N", "T", "2T", "N"])
    }
}

/// The fast CSV record writer must give the same bytes as quoting each cell's text.
@Suite("CSV format")
struct CSVFormatTests {
    @Test("a record of cells equals the RFC 4180 record of their texts")
    func cellsMatchText() {
        let rows: [[Cell]] = [
            [.null, .boolean(true), .boolean(false), .integer(0), .integer(-42), .integer(Int64.max), .integer(Int64.min + 1)],
            [.decimal(3.14159, decimals: 2), .decimal(-0.004, decimals: 2), .decimal(-2.005, decimals: 2), .decimal(12.5, decimals: 0),
             .decimal(7, decimals: 1), .decimal(-1234.5678, decimals: 3)],
            [.date(LocalDate(year: 2025, month: 3, day: 9)!), .date(LocalDate(daysSinceEpoch: 0)), .date(LocalDate(year: 2000, month: 12, day: 31)!)],
            [.text(""), .text("plain"), .text("a,b"), .text("say \"hi\""), .text("line\nbreak"), .text("cr\rhere"), .text("Siti Ä ñ 🌱"),
             .text(String(repeating: "x", count: 300))],
            [],
        ]
        for row in rows {
            var fast: [UInt8] = [1, 2, 3]
            var slow: [UInt8] = [1, 2, 3]
            CSVFormat.appendRecord(row, to: &fast)
            CSVFormat.appendRecord(row.map(\.text), to: &slow)
            #expect(fast == slow, "\(row)")
        }
    }
}
