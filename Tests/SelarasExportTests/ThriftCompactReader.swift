/// A test-side reader of Thrift compact-protocol structs into a generic tree, so the Parquet
/// tests can look inside what the writer made (footers and page headers) field by field.
/// Written independently of the writer (from the protocol's description) and strict: a bad
/// byte stops with an error.
struct ThriftCompactReader {
    /// A decoded value.
    indirect enum Value: Equatable {
        case bool(Bool), int(Int64), double(UInt64), binary([UInt8]), list([Value]), fields([Int16: Value])

        var int: Int64? { if case .int(let n) = self { n } else { nil } }
        var binary: [UInt8]? { if case .binary(let b) = self { b } else { nil } }
        var list: [Value]? { if case .list(let l) = self { l } else { nil } }
        var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
        subscript(_ id: Int16) -> Value? { if case .fields(let f) = self { f[id] } else { nil } }
    }

    struct Malformed: Error { let at: Int }

    let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// Reads one struct (up to and including its stop byte).
    mutating func readStruct() throws -> Value {
        var fields: [Int16: Value] = [:]
        var last: Int16 = 0
        while true {
            let h = try byte()
            if h == 0 { return .fields(fields) }
            let type = h & 0x0f, delta = h >> 4
            let id = delta == 0 ? Int16(truncatingIfNeeded: unzigzag(try varint())) : last + Int16(delta)
            last = id
            fields[id] = type == 1 || type == 2 ? .bool(type == 1) : try value(type)
        }
    }

    private mutating func value(_ type: UInt8) throws -> Value {
        switch type {
        case 1: return .bool(true)
        case 2: return .bool(false)
        case 3: return .int(Int64(Int8(bitPattern: try byte())))
        case 4, 5, 6: return .int(unzigzag(try varint()))
        case 7:
            var u: UInt64 = 0
            for i in 0..<8 { u |= UInt64(try byte()) << (8 * UInt64(i)) }
            return .double(u)
        case 8:
            let n = Int(try varint())
            guard n <= bytes.count - position else { throw Malformed(at: position) }
            defer { position += n }
            return .binary(Array(bytes[position..<position + n]))
        case 9, 10:
            let h = try byte()
            var n = Int(h >> 4)
            if n == 15 { n = Int(try varint()) }
            guard n <= bytes.count - position else { throw Malformed(at: position) }
            return .list(try (0..<n).map { _ in try value(h & 0x0f) })
        case 12: return try readStruct()
        default: throw Malformed(at: position)
        }
    }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw Malformed(at: position) }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func varint() throws -> UInt64 {
        var r: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw Malformed(at: position) }
            r |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return r }
            shift += 7
        }
    }

    private func unzigzag(_ u: UInt64) -> Int64 { Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1) }
}
