import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A worksheet's `<row>`s and `<c>`ells: shared-string, inline-string, formula-string,
/// boolean and number cells, placed by their `r` references (checked against Excel's limits).
final class SheetParser: NSObject, XMLParserDelegate {
    private let strings: [String]
    private(set) var rows: [(number: Int, cells: [EPPGBMSheet.Cell])] = []
    /// The first reference or index that is out of range, as a sentence.
    private(set) var problem: String?

    private var rowNumber = 0
    private var cells: [EPPGBMSheet.Cell] = []
    private var column = 0
    private var type = "n"
    private var reference = ""
    private var text = ""
    private var collecting = false
    private var inInline = false

    init(strings: [String]) { self.strings = strings }

    private func fail(_ parser: XMLParser, _ sentence: String) {
        if problem == nil { problem = sentence }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "row":
            let next = rowNumber + 1
            if let r = attributes["r"] {
                guard let n = Int(r), n > rowNumber, n <= XLSXSheetReader.maxRows else {
                    return fail(parser, "row reference '\(r)' is not a row after \(rowNumber) within 1…\(XLSXSheetReader.maxRows)")
                }
                rowNumber = n
            } else { rowNumber = next }
            cells = []
            column = 0
        case "c":
            reference = attributes["r"] ?? ""
            type = attributes["t"] ?? "n"
            text = ""
            inInline = false
            if !reference.isEmpty {
                guard let c = Self.columnIndex(reference) else {
                    return fail(parser, "row \(rowNumber): cell reference '\(reference)' is not a cell of Excel's A…XFD")
                }
                guard c >= cells.count else {
                    return fail(parser, "row \(rowNumber): cell '\(reference)' comes after a cell to its right")
                }
                column = c
            } else { column = cells.count }
        case "v": collecting = true; text = ""
        case "is": inInline = true; text = ""
        case "t": if inInline { collecting = true }
        case "rPh": collecting = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": collecting = false
        case "c":
            let cell: EPPGBMSheet.Cell
            switch type {
            case "s":
                guard let i = Int(text.trimmingCharacters(in: .whitespaces)), i >= 0, i < strings.count else {
                    return fail(parser, "cell \(reference): shared string '\(text)' is not one of the \(strings.count) strings")
                }
                cell = strings[i].isEmpty ? .empty : .text(strings[i])
            case "inlineStr", "str", "e": cell = text.isEmpty ? .empty : .text(text)
            case "b": cell = .number(text == "1" ? "1" : "0")
            default: cell = text.isEmpty ? .empty : .number(text.trimmingCharacters(in: .whitespaces))
            }
            if column >= cells.count { cells += Array(repeating: .empty, count: column - cells.count) }
            cells.append(cell)
        case "row":
            rows.append((rowNumber, cells))
        default: break
        }
    }

    /// The 0-based column of a reference like `AB12`, or nil beyond XFD.
    static func columnIndex(_ reference: String) -> Int? {
        var n = 0
        var letters = 0
        for u in reference.utf8 {
            guard u >= 65 && u <= 90 else { break }
            letters += 1
            guard letters <= 3 else { return nil }
            n = n * 26 + Int(u - 64)
        }
        guard letters > 0, n <= XLSXSheetReader.maxColumns else { return nil }
        return n - 1
    }
}
