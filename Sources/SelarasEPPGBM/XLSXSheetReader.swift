import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first worksheet of an `.xlsx` file into numbered rows of cells: ZIPFoundation
/// opens the package, Foundation's `XMLParser` reads the workbook, its relations, the shared
/// strings and the sheet. Every number taken from the file (row and column references, string
/// indexes, part sizes) is checked before use.
struct XLSXSheetReader {
    /// The most bytes one part may unpack to (a zip bomb stops here).
    static let maxPartBytes = 1 << 30
    /// Excel's limits.
    static let maxRows = 1_048_576
    static let maxColumns = 16_384

    let fileName: String

    /// The rows of the first sheet, or of the sheet named `sheet`.
    /// - Throws: ``EPPGBMError`` `.unreadable` naming the part and the problem.
    func read(_ url: URL, sheet name: String? = nil) throws(EPPGBMError) -> [(number: Int, cells: [EPPGBMSheet.Cell])] {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw EPPGBMError(.unreadable, "\(fileName): is not an .xlsx workbook (not a zip package)", underlying: error)
        }
        let sheetPath = try sheetPath(archive, named: name)
        var strings: [String] = []
        if let data = try part(archive, "xl/sharedStrings.xml", required: false) {
            let p = SharedStringsParser()
            try parse(data, p, part: "xl/sharedStrings.xml")
            strings = p.strings
        }
        guard let sheet = try part(archive, sheetPath, required: true) else { return [] }
        let p = SheetParser(strings: strings)
        try parse(sheet, p, part: sheetPath)
        return p.rows
    }

    /// `xl/worksheets/sheetN.xml` of the workbook's first sheet, or of the sheet named `name`.
    private func sheetPath(_ archive: Archive, named name: String?) throws(EPPGBMError) -> String {
        guard let wb = try part(archive, "xl/workbook.xml", required: true) else { return "" }
        let w = AttributeCollector(element: "sheet", attribute: "r:id")
        let names = AttributeCollector(element: "sheet", attribute: "name")
        try parse(wb, w, part: "xl/workbook.xml")
        try parse(wb, names, part: "xl/workbook.xml")
        let chosen = name.map { n in names.values.firstIndex(of: n) } ?? 0
        guard let chosen, chosen < w.values.count else {
            throw EPPGBMError(.unreadable, "\(fileName): the workbook has no sheet\(name.map { " named '\($0)'; it has: \(names.values.joined(separator: ", "))" } ?? "")")
        }
        let rid = w.values[chosen]
        guard let rels = try part(archive, "xl/_rels/workbook.xml.rels", required: true) else { return "" }
        let r = RelationshipParser()
        try parse(rels, r, part: "xl/_rels/workbook.xml.rels")
        guard let target = r.targets[rid] else {
            throw EPPGBMError(.unreadable, "\(fileName): the workbook's first sheet (\(rid)) has no part")
        }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        return path
    }

    /// A part's bytes, at most ``maxPartBytes``; nil when absent and not required.
    private func part(_ archive: Archive, _ path: String, required: Bool) throws(EPPGBMError) -> Data? {
        guard let entry = archive[path] else {
            if required { throw EPPGBMError(.unreadable, "\(fileName): is not an .xlsx workbook (no \(path))") }
            return nil
        }
        guard entry.uncompressedSize <= UInt64(Self.maxPartBytes) else {
            throw EPPGBMError(.unreadable, "\(fileName): \(path) unpacks to \(entry.uncompressedSize) bytes; at most \(Self.maxPartBytes) are read")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= Self.maxPartBytes else { throw PartTooLarge() }
                data.append(chunk)
            }
        } catch {
            throw EPPGBMError(.unreadable, "\(fileName): \(path) cannot be unpacked (\(error))", underlying: error)
        }
        return data
    }

    private struct PartTooLarge: Error {}

    private func parse(_ data: Data, _ delegate: some NSObject & XMLParserDelegate, part: String) throws(EPPGBMError) {
        // Fed as a stream: libxml2 then parses in chunks, so a sheet of more than 10 MB is read
        // (one chunk of the whole part stops at libxml2's limit for a single input).
        let parser = XMLParser(stream: InputStream(data: data))
        parser.delegate = delegate
        guard parser.parse() else {
            if let sheet = delegate as? SheetParser, let problem = sheet.problem {
                throw EPPGBMError(.unreadable, "\(fileName): \(part): \(problem)")
            }
            let why = parser.parserError.map { "\($0.localizedDescription)" } ?? "malformed XML"
            throw EPPGBMError(.unreadable, "\(fileName): \(part): line \(parser.lineNumber): \(why)")
        }
    }
}
