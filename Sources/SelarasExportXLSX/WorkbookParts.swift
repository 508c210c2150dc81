import Foundation
import SelarasExportZip

/// The fixed OOXML parts of the workbook, written by hand.
enum WorkbookParts {
    static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelNS = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// `[Content_Types].xml` for `sheetCount` worksheets.
    static func contentTypes(sheetCount: Int) -> String {
        var s = header + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        s += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        s += #"<Default Extension="xml" ContentType="application/xml"/>"#
        s += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for i in 1...sheetCount {
            s += #"<Override PartName="/xl/worksheets/sheet\#(i).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        s += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        return s + "</Types>"
    }

    /// `_rels/.rels`: the package's one relationship, to the workbook.
    static let rootRels = header + #"<Relationships xmlns="\#(packageRelNS)">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    /// `xl/workbook.xml`: the sheets in order (sheet i is `rId i`).
    static func workbook(sheetNames: [String]) -> String {
        var s = header + #"<workbook xmlns="\#(mainNS)" xmlns:r="\#(relNS)">"#
        s += #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (i, name) in sheetNames.enumerated() {
            s += #"<sheet name="\#(XMLText.escaped(name))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
        }
        s += "</sheets><definedNames>"
        // Each sheet's autofilter range and its header row, repeated on every printed page.
        for (i, name) in sheetNames.enumerated() {
            let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
            s += #"<definedName name="_xlnm.Print_Titles" localSheetId="\#(i)">\#(XMLText.escaped(quoted))!$1:$1</definedName>"#
        }
        return s + "</definedNames></workbook>"
    }

    /// `xl/_rels/workbook.xml.rels`: the worksheets, then the styles.
    static func workbookRels(sheetCount: Int) -> String {
        var s = header + #"<Relationships xmlns="\#(packageRelNS)">"#
        for i in 1...sheetCount {
            s += #"<Relationship Id="rId\#(i)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(i).xml"/>"#
        }
        s += #"<Relationship Id="rId\#(sheetCount + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        return s + "</Relationships>"
    }

    /// `xl/styles.xml`: the formats of ``CellStyle``, in its order.
    static let styles = header + #"<styleSheet xmlns="\#(mainNS)">"#
        + #"<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="0.0"/><numFmt numFmtId="166" formatCode="0.000"/></numFmts>"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="7">"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"#
        + "</cellXfs>"
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    /// The package's parts other than the sheets (path in the package → XML), in byte order
    /// of their paths (all sort before `xl/worksheets/`).
    static func parts(sheetNames: [String]) -> [(String, String)] {
        [("[Content_Types].xml", contentTypes(sheetCount: sheetNames.count)),
         ("_rels/.rels", rootRels),
         ("xl/_rels/workbook.xml.rels", workbookRels(sheetCount: sheetNames.count)),
         ("xl/styles.xml", styles),
         ("xl/workbook.xml", workbook(sheetNames: sheetNames))]
    }

    /// Writes the workbook: its sheets (already written to files) and the package parts around
    /// them, as one deterministic zip at `path`.
    /// - Parameters:
    ///   - sheets: each sheet's name and the file holding its XML, in workbook order.
    ///   - staging: the staging directory the parts are written in.
    ///   - path: the `.xlsx` to write.
    static func writePackage(sheets: [(name: String, path: String)], staging: String, to path: String) throws {
        var entries: [String: String] = [:]
        for (i, sheet) in sheets.enumerated() { entries["xl/worksheets/sheet\(i + 1).xml"] = sheet.path }
        func stage(_ name: String, _ text: String) throws {
            let file = try StagedFile(path: staging + "/" + name.replacingOccurrences(of: "/", with: "_"))
            file.append(text)
            try file.finish()
            entries[name] = file.path
        }
        for (name, text) in parts(sheetNames: sheets.map(\.name)) { try stage(name, text) }
        try DeterministicZip.write(entries, to: path, staging: staging)
    }
}
