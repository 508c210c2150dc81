import Foundation
import ZIPFoundation

extension EPPGBMSyntheticDownload {
    /// The download as e-PPGBM's CSV: `;`-separated (the Indonesian locale), UTF-8 with a BOM,
    /// CRLF, the `Data Tanggal` line first; numeric cells written as the spreadsheet shows them.
    public func csv() -> Data {
        func q(_ s: String) -> String {
            s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "\u{FEFF}\(dataDateLabel) : \(dataDate.description)\r\n"
        out += header.map(q).joined(separator: ";") + "\r\n"
        for row in rows { out += row.map { q($0.raw) }.joined(separator: ";") + "\r\n" }
        return Data(out.utf8)
    }

    /// The download as e-PPGBM's xlsx: one sheet, texts as shared strings, numbers as numbers
    /// (a NIK too, when the cell is numeric), the `Data Tanggal` line in A1 and the header in row 2.
    /// Entries are written in a fixed order with a fixed date, so the same seed gives the same bytes.
    public func writeXLSX(to path: String) throws {
        var strings: [String] = []
        var index: [String: Int] = [:]
        func shared(_ s: String) -> Int {
            if let i = index[s] { return i }
            index[s] = strings.count
            strings.append(s)
            return strings.count - 1
        }
        func esc(_ s: String) -> String {
            var o = ""
            for c in s {
                switch c {
                case "&": o += "&amp;"
                case "<": o += "&lt;"
                case ">": o += "&gt;"
                case "\"": o += "&quot;"
                default: o.append(c)
                }
            }
            return o
        }
        func ref(_ c: Int, _ r: Int) -> String {
            var n = c + 1
            var s = ""
            while n > 0 { s = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + s; n = (n - 1) / 26 }
            return "\(s)\(r)"
        }
        var sheet = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        sheet += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        let all: [[EPPGBMSheet.Cell]] = [[.text("\(dataDateLabel) : \(dataDate.description)")], header.map { .text($0) }] + rows
        for (r, row) in all.enumerated() {
            sheet += #"<row r="\#(r + 1)">"#
            for (c, cell) in row.enumerated() {
                switch cell {
                case .empty: continue
                case .text(let s): sheet += #"<c r="\#(ref(c, r + 1))" t="s"><v>\#(shared(s))</v></c>"#
                case .number(let n): sheet += #"<c r="\#(ref(c, r + 1))"><v>\#(esc(n))</v></c>"#
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        var sst = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        sst += #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(strings.count)" uniqueCount="\#(strings.count)">"#
        for s in strings { sst += "<si><t xml:space=\"preserve\">\(esc(s))</t></si>" }
        sst += "</sst>"
        let main = "http://schemas.openxmlformats.org/"
        let parts: [(String, String)] = [
            ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="\#(main)package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#),
            ("_rels/.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="\#(main)package/2006/relationships"><Relationship Id="rId1" Type="\#(main)officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="\#(main)spreadsheetml/2006/main" xmlns:r="\#(main)officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="\#(main)package/2006/relationships"><Relationship Id="rId1" Type="\#(main)officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\#(main)officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", sst),
        ]
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let date = Date(timeIntervalSince1970: 1_735_689_600)
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }
}
