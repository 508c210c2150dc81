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
        /// are left out, and only the cell after one names its column (`r="F12"`).
        /// - Parameters:
        ///   - cells: the values, one per column.
        ///   - row: the row's number in the sheet.
        ///   - style: a style for every cell that has no style of its own.
        ///   - buffer: where the XML goes.
        func append(_ cells: [Cell], row: Int, style: CellStyle, to buffer: inout [UInt8]) {
            // The row number's digits, written once into a small buffer (no String per row or cell).
            var digits: (UInt64, UInt64) = (0, 0)
            let r = withUnsafeMutableBytes(of: &digits) { d -> Int in
                var v = max(0, row), n = 1, t = v
                while t >= 10 { t /= 10; n += 1 }
                for j in stride(from: n - 1, through: 0, by: -1) { d[j] = UInt8(48 + v % 10); v /= 10 }
                return n
            }
            buffer.append(contentsOf: #"<row r=""#.utf8)
            withUnsafeBytes(of: &digits) { buffer.append(contentsOf: $0[0..<r]) }
            buffer.append(contentsOf: #"">"#.utf8)
            // A cell right after the previous one (or first in its row) needs no reference: readers
            // place it in the next column (ECMA-376 §18.3.1.4, `r` is optional). Only a cell after
            // a left-out null names its column, which keeps the sheet's XML about a third smaller.
            var nextColumn = 0
            for (i, cell) in cells.enumerated() {
                if case .null = cell { continue }
                if i == nextColumn {
                    buffer.append(contentsOf: "<c".utf8)
                } else {
                    buffer.append(contentsOf: #"<c r=""#.utf8)
                    if i < columnNames.count { buffer.append(contentsOf: columnNames[i]) } else { buffer.append(contentsOf: SheetWriter.columnName(i).utf8) }
                    withUnsafeBytes(of: &digits) { buffer.append(contentsOf: $0[0..<r]) }
                    buffer.append(0x22)
                }
                nextColumn = i + 1
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
                    Self.open(style, &buffer)
                    CSVFormat.appendInteger(n, to: &buffer)
                    Self.close(&buffer)
                case .decimal(let x, let d):
                    // The same digits as Cell.format (CSVFormat.appendDecimal rounds alike), with no String.
                    Self.open(style == .normal ? .decimals(d) : style, &buffer)
                    CSVFormat.appendDecimal(x, decimals: d, to: &buffer)
                    Self.close(&buffer)
                case .date(let d):
                    Self.open(.date, &buffer)
                    CSVFormat.appendInteger(Int64(SheetWriter.serial(d)), to: &buffer)
                    Self.close(&buffer)
                case .boolean(let b):
                    Self.open(style, &buffer)
                    buffer.append(b ? 0x31 : 0x30)
                    Self.close(&buffer)
                }
            }
            buffer.append(contentsOf: "</row>".utf8)
        }

        private static func styleAttribute(_ style: CellStyle, _ buffer: inout [UInt8]) {
            guard style != .normal else { return }
            buffer.append(contentsOf: #" s=""#.utf8)
            CSVFormat.appendInteger(Int64(style.rawValue), to: &buffer)
            buffer.append(0x22)
        }

        /// A number cell's style and `><v>`, before its digits.
        private static func open(_ style: CellStyle, _ buffer: inout [UInt8]) {
            styleAttribute(style, &buffer)
            buffer.append(contentsOf: "><v>".utf8)
        }

        /// A number cell's end, after its digits.
        private static func close(_ buffer: inout [UInt8]) { buffer.append(contentsOf: "</v></c>".utf8) }
    }
}
