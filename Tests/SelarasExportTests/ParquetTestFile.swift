import Foundation
import SelarasCompression
@testable import SelarasExportParquet

/// A test-side reader of the flat Parquet files the exporter writes (v1 pages, PLAIN or a
/// dictionary page and RLE_DICTIONARY indices, RLE/bit-packed definition levels, GZIP),
/// written from the format's description so the
/// tests can compare every value with the dataset's cells.
struct ParquetTestFile {
    /// One decoded value.
    enum Value: Equatable, CustomStringConvertible {
        case bytes([UInt8]), i64(Int64), i32(Int32), double(Double), bool(Bool)
        var description: String {
            switch self {
            case .bytes(let b): "bytes(\(String(decoding: b, as: UTF8.self)))"
            case .i64(let n): "i64(\(n))"
            case .i32(let n): "i32(\(n))"
            case .double(let x): "double(\(x))"
            case .bool(let b): "bool(\(b))"
            }
        }
    }

    struct Malformed: Error, CustomStringConvertible { let description: String }

    /// The footer.
    let meta: ThriftCompactReader.Value
    /// Column names (schema leaves).
    let names: [String]
    /// Each column's values over all row groups, nil for a null.
    let columns: [[Value?]]
    /// Page headers read, per column.
    let pageHeaders: [[ThriftCompactReader.Value]]

    init(path: String) throws {
        let data = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        guard data.count >= 12, Array(data.prefix(4)) == Array("PAR1".utf8), Array(data.suffix(4)) == Array("PAR1".utf8) else {
            throw Malformed(description: "no PAR1 at both ends of \(path)")
        }
        let n = Int(data[data.count - 8]) | Int(data[data.count - 7]) << 8 | Int(data[data.count - 6]) << 16 | Int(data[data.count - 5]) << 24
        guard n <= data.count - 12 else { throw Malformed(description: "footer length \(n)") }
        var r = ThriftCompactReader(data, at: data.count - 8 - n)
        meta = try r.readStruct()
        guard r.position == data.count - 8 else { throw Malformed(description: "footer ends at \(r.position)") }
        let leaves = Array((meta[2]?.list ?? []).dropFirst())
        names = leaves.map { String(decoding: $0[4]?.binary ?? [], as: UTF8.self) }
        var columns = [[Value?]](repeating: [], count: leaves.count)
        var headers = [[ThriftCompactReader.Value]](repeating: [], count: leaves.count)
        for group in meta[4]?.list ?? [] {
            for (c, chunk) in (group[1]?.list ?? []).enumerated() {
                guard let cm = chunk[3], let type = cm[1]?.int, let offset = cm[9]?.int, let count = cm[5]?.int else {
                    throw Malformed(description: "column chunk \(c) without metadata")
                }
                // The dictionary page, when there is one, comes first (dictionary_page_offset).
                var position = Int(cm[11]?.int ?? offset), read: Int64 = 0
                var dictionary: [Value?] = []
                while read < count {
                    var hr = ThriftCompactReader(data, at: position)
                    let header = try hr.readStruct()
                    headers[c].append(header)
                    guard let size = header[3]?.int else { throw Malformed(description: "page header") }
                    let page = try Inflater.decompress(Array(data[hr.position..<hr.position + Int(size)]), format: .gzip)
                    position = hr.position + Int(size)
                    if header[1]?.int == 2 {
                        guard let entries = header[7]?[1]?.int else { throw Malformed(description: "dictionary page header") }
                        dictionary = try Self.decodePlain(page, at: 0, levels: Array(repeating: 1, count: Int(entries)), type: type)
                        continue
                    }
                    guard let values = header[5]?[1]?.int else { throw Malformed(description: "data page header") }
                    if let encoding = header[5]?[2]?.int, encoding == 8 || encoding == 2 {
                        columns[c] += try Self.decodeDictionaryPage(page, count: Int(values), dictionary: dictionary)
                    } else {
                        columns[c] += try Self.decodePage(page, count: Int(values), type: type)
                    }
                    read += values
                }
            }
        }
        self.columns = columns
        pageHeaders = headers
    }

    /// The levels of a page and where its values start.
    static func pageLevels(_ page: [UInt8], count: Int) throws -> (levels: [UInt8], values: Int) {
        guard page.count >= 4 else { throw Malformed(description: "page of \(page.count) bytes") }
        let length = Int(page[0]) | Int(page[1]) << 8 | Int(page[2]) << 16 | Int(page[3]) << 24
        guard 4 + length <= page.count else { throw Malformed(description: "levels past the page") }
        return (try decodeLevels(Array(page[4..<4 + length]), count: count), 4 + length)
    }

    /// The levels then PLAIN values of one page.
    static func decodePage(_ page: [UInt8], count: Int, type: Int64) throws -> [Value?] {
        let (levels, start) = try pageLevels(page, count: count)
        return try decodePlain(page, at: start, levels: levels, type: type)
    }

    /// The levels, then the bit width and the RLE / bit-packed dictionary indices of a page,
    /// looked up in the dictionary.
    static func decodeDictionaryPage(_ page: [UInt8], count: Int, dictionary: [Value?]) throws -> [Value?] {
        let (levels, start) = try pageLevels(page, count: count)
        let present = levels.filter { $0 == 1 }.count
        guard start < page.count || present == 0 else { throw Malformed(description: "no bit width") }
        let width = present == 0 && start == page.count ? 1 : Int(page[start])
        let indices = try decodeHybrid(Array(page[min(page.count, start + 1)...]), width: width, count: present)
        var next = indices.makeIterator()
        return try levels.map { level -> Value? in
            guard level == 1 else { return nil }
            let i = next.next()!
            guard i < dictionary.count else { throw Malformed(description: "index \(i) past a dictionary of \(dictionary.count)") }
            return dictionary[i]
        }
    }

    /// `count` values of the RLE / bit-packed hybrid at `width` bits.
    static func decodeHybrid(_ b: [UInt8], width: Int, count: Int) throws -> [Int] {
        var out: [Int] = [], p = 0
        while out.count < count {
            var header = 0, shift = 0
            while true {
                guard p < b.count else { throw Malformed(description: "indices end early") }
                header |= Int(b[p] & 0x7f) << shift
                p += 1
                if b[p - 1] < 0x80 { break }
                shift += 7
            }
            if header & 1 == 0 {
                var v = 0
                for k in 0..<((width + 7) / 8) { v |= Int(b[p + k]) << (8 * k) }
                p += (width + 7) / 8
                out += Array(repeating: v, count: header >> 1)
            } else {
                let groups = header >> 1
                guard p + groups * width <= b.count else { throw Malformed(description: "bit-packed indices end early") }
                for g in 0..<groups {
                    for k in 0..<8 {
                        var v = 0
                        for bit in 0..<width {
                            let at = (g * 8 + k) * width + bit
                            v |= Int(b[p + at / 8] >> UInt8(at % 8) & 1) << bit
                        }
                        out.append(v)
                    }
                }
                p += groups * width
            }
        }
        return Array(out.prefix(count))
    }

    /// PLAIN values from `start` for the present levels.
    static func decodePlain(_ page: [UInt8], at start: Int, levels: [UInt8], type: Int64) throws -> [Value?] {
        var p = start, bit = 0
        func take(_ k: Int) throws -> [UInt8] {
            guard p + k <= page.count else { throw Malformed(description: "page values end early") }
            defer { p += k }
            return Array(page[p..<p + k])
        }
        func le(_ b: [UInt8]) -> UInt64 { b.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) } }
        return try levels.map { level -> Value? in
            guard level == 1 else { return nil }
            switch type {
            case 0:
                let v = page[p] >> UInt8(bit) & 1 == 1
                bit += 1
                if bit == 8 { bit = 0; p += 1 }
                return .bool(v)
            case 1: return .i32(Int32(truncatingIfNeeded: le(try take(4))))
            case 2: return .i64(Int64(bitPattern: le(try take(8))))
            case 5: return .double(Double(bitPattern: le(try take(8))))
            case 6: return .bytes(try take(Int(le(try take(4)))))
            default: throw Malformed(description: "type \(type)")
            }
        }
    }

    /// The RLE / bit-packed hybrid at bit width 1.
    static func decodeLevels(_ b: [UInt8], count: Int) throws -> [UInt8] {
        var out: [UInt8] = [], p = 0
        while out.count < count {
            var header = 0, shift = 0
            while true {
                guard p < b.count else { throw Malformed(description: "levels end early") }
                header |= Int(b[p] & 0x7f) << shift
                p += 1
                if b[p - 1] < 0x80 { break }
                shift += 7
            }
            if header & 1 == 0 {
                guard p < b.count else { throw Malformed(description: "RLE run without value") }
                out += Array(repeating: b[p], count: header >> 1)
                p += 1
            } else {
                for _ in 0..<(header >> 1) {
                    guard p < b.count else { throw Malformed(description: "bit-packed run ends early") }
                    for k in 0..<8 { out.append(b[p] >> UInt8(k) & 1) }
                    p += 1
                }
            }
        }
        guard p == b.count else { throw Malformed(description: "levels: \(b.count - p) bytes left over") }
        return Array(out.prefix(count))
    }
}
