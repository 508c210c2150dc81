import Foundation
import SelarasAnthro
import SelarasExport
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import ZIPFoundation

/// A small consolidated state: two children (one with a NIK and a name that needs XML
/// escaping), three growth checks of the first, one house survey.
struct Fixture {
    static let stream = StreamID(origin: ReplicaID(rawValue: 0xa11ce), kelurahanCode: SampleRecords.kelurahan.code)
    static let nik = "6471010101230001"
    /// Escaping cases: &, <, >, " and a control character XML 1.0 does not allow.
    static let awkwardName = "Siti & <Aminah> \"Putri\"\u{1}"

    let events: [Event]

    init() {
        func dot(_ n: Int) -> Dot { Dot(stream: Self.stream, seq: UInt64(n)) }
        var drafts: [EventDraft] = []
        drafts.append(.create(.child, SampleRecords.child(name: Self.awkwardName, nik: Self.nik),
                              kelurahanCode: Self.stream.kelurahanCode, author: "Bu Rina", recordedAt: SampleRecords.recordedAt))
        drafts.append(.create(.child, SampleRecords.child(name: "Budi", sex: "L", born: LocalDate(year: 2022, month: 11, day: 3)!),
                              kelurahanCode: Self.stream.kelurahanCode, author: "Bu Rina", recordedAt: SampleRecords.recordedAt + 1))
        let first = EntityID(kind: .child, origin: dot(1))
        for (i, month) in [12, 1, 2].enumerated() {
            let date = LocalDate(year: month == 12 ? 2024 : 2025, month: month, day: 10)!
            drafts.append(.create(.growthCheck,
                                  SampleRecords.growthCheck(child: first, measured: date, weightTenths: 95 + Int64(i) * 4, lengthTenths: 790 + Int64(i) * 10),
                                  kelurahanCode: Self.stream.kelurahanCode, author: "Bu Rina", recordedAt: SampleRecords.recordedAt + 10 + Int64(i)))
        }
        drafts.append(.create(.houseSurvey, SampleRecords.houseSurvey(),
                              kelurahanCode: Self.stream.kelurahanCode, author: "Bu Sari", recordedAt: SampleRecords.recordedAt + 20))
        var previous = EventHash.zero
        events = drafts.enumerated().map { i, d in
            let e = d.event(at: dot(i + 1), previousHash: previous)
            previous = EventHash.of(Array(e.entity.description.utf8))
            return e
        }
    }

    /// The state from the events applied in the given order.
    func state(reversed: Bool = false) -> ConsolidatedState {
        var s = ConsolidatedState()
        for e in reversed ? events.reversed() : events { s.apply(e) }
        return s
    }

    /// A dataset of the state in a tier.
    func dataset(_ tier: ExportTier, reversed: Bool = false) throws -> Dataset {
        var options = DatasetOptions(pseudonymKey: Array(repeating: 0x5a, count: 32), asOf: SampleRecords.today)
        options.tier = tier
        return Dataset(state: state(reversed: reversed), standards: try GrowthStandards.bundled(), options: options)
    }
}

/// Reads a zip's entries back (path → bytes), in archive order.
func readZip(_ path: String) throws -> [(path: String, data: Data, entry: Entry)] {
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    var out: [(path: String, data: Data, entry: Entry)] = []
    for entry in archive {
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        out.append((entry.path, data, entry))
    }
    return out
}

/// The bytes of a file.
func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

/// Whether XML text parses.
func isWellFormedXML(_ data: Data) -> Bool {
    #if canImport(FoundationXML)
    return FoundationXML.XMLParser(data: data).parse()
    #else
    return XMLParser(data: data).parse()
    #endif
}

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A worksheet's XML with every cell's reference written out: the exporter leaves out `r` on a
/// cell that follows the one before it, as readers place such a cell in the next column; this
/// puts `r="B2"` back, so that tests can name a cell by its address.
func withCellReferences(_ xml: String) -> String {
    var out = ""
    var row = 0, column = 0
    var rest = Substring(xml)
    while let open = rest.range(of: "<") {
        out += rest[..<open.lowerBound]
        rest = rest[open.lowerBound...]
        if rest.hasPrefix("<row ") || rest.hasPrefix("<row>") {
            if rest.hasPrefix("<row r=\"") { row = Int(rest.dropFirst(8).prefix { $0.isNumber }) ?? row + 1 } else { row += 1 }
            column = 0
        } else if rest.hasPrefix("<c ") || rest.hasPrefix("<c>") {
            if rest.hasPrefix("<c r=\"") {
                let letters = rest.dropFirst(6).prefix { $0.isLetter }
                column = letters.reduce(0) { $0 * 26 + Int($1.asciiValue! - 64) }
            } else {
                column += 1
                var name = "", n = column
                while n > 0 { name = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + name; n = (n - 1) / 26 }
                out += "<c r=\"\(name)\(row)\""
                rest = rest.dropFirst(2)
                continue
            }
        }
        out += "<"
        rest = rest.dropFirst()
    }
    return out + rest
}
