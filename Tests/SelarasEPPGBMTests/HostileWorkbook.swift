import Foundation
import ZIPFoundation

/// A minimal workbook around a given `<sheetData>` body, for the reader's refusals.
enum HostileWorkbook {
    static func write(sheetData: String, to path: String) throws {
        let m = "http://schemas.openxmlformats.org/"
        let parts = [
            ("xl/workbook.xml", #"<workbook xmlns="\#(m)spreadsheetml/2006/main" xmlns:r="\#(m)officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<Relationships xmlns="\#(m)package/2006/relationships"><Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/></Relationships>"#),
            ("xl/sharedStrings.xml", #"<sst xmlns="\#(m)spreadsheetml/2006/main"><si><t>a</t></si></sst>"#),
            ("xl/worksheets/sheet1.xml", #"<worksheet xmlns="\#(m)spreadsheetml/2006/main"><sheetData>\#(sheetData)</sheetData></worksheet>"#),
        ]
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }
}
