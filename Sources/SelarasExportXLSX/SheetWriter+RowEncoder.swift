import SelarasExport
import SelarasModel

extension SheetWriter {
    /// Turns one row of cells into its `<row>` XML. It holds no state but the column letters,
    /// so chunks of rows can be encoded on several cores at once and joined in row order.
    struct RowEncoder: Sendable {
        /// `A`, `B`, …: the column letters of the sheet's columns, as UTF-8.
        let columnNames: [[UInt8]]

        /// The encoder for a sheet with these column titles.
        init(header: [String]) {
            columnNames = (0..<max(header.count, 1)).map { Array(SheetWriter.columnName($0).utf8) }
        }

        /// The encoder for these column letters.
        init(columnNames: [[UInt8]]) { self.columnNames = columnNames }

        /// Appends row number `row` (1 is the header): text as inline strings, numbers as
        /// numbers, dates as serial numbers with the date format, booleans as 0/1; null cells
        /// are left out.
        /// - Parameters:
        ///   - cells: the values, one per column.
        ///   - row: the row's number in the sheet.
        ///   - style: a style for every cell that has no style of its own.
        ///   - buffer: where the XML goes.
        func append(_ cells: [Cell], row: Int, style: CellStyle, to buffer: inout [UInt8]) {
            let r = Array(String(row).utf8)
            buffer.append(contentsOf: #"<row r=""#.utf8)
            buffer.append(contentsOf: r)
            buffer.append(contentsOf: #"">"#.utf8)
            for (i, cell) in cells.enumerated() {
                if case .null = cell { continue }
                buffer.append(contentsOf: #"<c r=""#.utf8)
                buffer.append(contentsOf: i < columnNames.count ? columnNames[i] : Array(SheetWriter.columnName(i).utf8))
                buffer.append(contentsOf: r)
                buffer.append(0x22)
                switch cell {
                case .null: break
                case .text(let s):
                    Self.styleAttribute(style, &buffer)
                    let t = XMLText.fitted(s)
                    buffer.append(contentsOf: #" t="inlineStr"><is><t"#.utf8)
                    if XMLText.needsPreserve(t) { buffer.append(contentsOf: #" xml:space="preserve""#.utf8) }
                    buffer.append(0x3e)
                    XMLText.append(t, to: &buffer)
                    buffer.append(contentsOf: "</t></is></c>".utf8)
                case .integer(let n):
                    Self.number(String(n), style, &buffer)
                case .decimal(let x, let d):
                    Self.number(Cell.format(x, decimals: d), style == .normal ? .decimals(d) : style, &buffer)
                case .date(let d):
                    Self.number(String(SheetWriter.serial(d)), .date, &buffer)
                case .boolean(let b):
                    Self.number(b ? "1" : "0", style, &buffer)
                }
            }
            buffer.append(contentsOf: "</row>".utf8)
        }

        private static func styleAttribute(_ style: CellStyle, _ buffer: inout [UInt8]) {
            guard style != .normal else { return }
            buffer.append(contentsOf: #" s=""#.utf8)
            buffer.append(contentsOf: String(style.rawValue).utf8)
            buffer.append(0x22)
        }

        private static func number(_ text: String, _ style: CellStyle, _ buffer: inout [UInt8]) {
            styleAttribute(style, &buffer)
            buffer.append(contentsOf: "><v>".utf8)
            buffer.append(contentsOf: text.utf8)
            buffer.append(contentsOf: "</v></c>".utf8)
        }
    }
}
