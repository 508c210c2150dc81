/// Apache Thrift's compact protocol, the encoding of Parquet's metadata (the file footer and
/// each page header), written by hand: no Thrift library builds here, and Parquet needs only
/// the writing half of a few types.
///
/// A struct is a run of fields, each introduced by a header byte holding the field id's
/// distance from the previous field's id (1…15) and the value type; a larger jump, or a jump
/// backwards, writes the type alone and the id as a zigzag varint. A struct ends with a 0 byte.
/// Integers are zigzag-encoded ULEB128 varints; binary values are a varint length then the
/// bytes; a list is one byte with its size (below 15) and element type, or 0xF_ then a varint
/// size; a boolean field keeps its value in the header's type nibble.
public struct ThriftCompactWriter: Sendable {
    /// Compact-protocol type codes.
    public enum ValueType: UInt8, Sendable {
        /// A boolean field whose value is true (in a field header).
        case booleanTrue = 1
        /// A boolean field whose value is false (in a field header).
        case booleanFalse = 2
        /// i8.
        case byte = 3
        /// i16.
        case i16 = 4
        /// i32 (and enums).
        case i32 = 5
        /// i64.
        case i64 = 6
        /// double.
        case double = 7
        /// binary and string.
        case binary = 8
        /// list.
        case list = 9
        /// struct (and union).
        case `struct` = 12
    }

    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    /// The id of the last field written in the current struct.
    private var lastField: Int16 = 0
    /// The enclosing structs' last field ids.
    private var stack: [Int16] = []

    /// An empty writer (positioned inside a top-level struct).
    public init() {}

    /// The bytes of one top-level struct: `body` writes its fields; the stop byte is added.
    public static func encode(_ body: (inout ThriftCompactWriter) -> Void) -> [UInt8] {
        var w = ThriftCompactWriter()
        body(&w)
        w.bytes.append(0)
        return w.bytes
    }

    // MARK: Primitive encodings

    /// Appends `value` as an unsigned LEB128 varint (7 bits a byte, low bits first).
    public static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Zigzag: 0, -1, 1, -2, … map to 0, 1, 2, 3, … so small negative numbers stay short.
    public static func zigzag(_ n: Int64) -> UInt64 { UInt64(bitPattern: (n << 1) ^ (n >> 63)) }

    // MARK: Fields

    /// Writes a field header for `id` and `type`.
    private mutating func header(_ id: Int16, _ type: ValueType) {
        let delta = Int(id) - Int(lastField)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            Self.appendVarint(Self.zigzag(Int64(id)), to: &bytes)
        }
        lastField = id
    }

    /// A boolean field.
    public mutating func field(_ id: Int16, bool value: Bool) { header(id, value ? .booleanTrue : .booleanFalse) }

    /// An i8 field (one byte, two's complement).
    public mutating func field(_ id: Int16, i8 value: Int8) {
        header(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    /// An i16 field.
    public mutating func field(_ id: Int16, i16 value: Int16) {
        header(id, .i16)
        Self.appendVarint(Self.zigzag(Int64(value)), to: &bytes)
    }

    /// An i32 (or enum) field.
    public mutating func field(_ id: Int16, i32 value: Int32) {
        header(id, .i32)
        Self.appendVarint(Self.zigzag(Int64(value)), to: &bytes)
    }

    /// An i64 field.
    public mutating func field(_ id: Int16, i64 value: Int64) {
        header(id, .i64)
        Self.appendVarint(Self.zigzag(value), to: &bytes)
    }

    /// A double field (8 bytes, little-endian IEEE 754).
    public mutating func field(_ id: Int16, double value: Double) {
        header(id, .double)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A binary field.
    public mutating func field(_ id: Int16, binary value: [UInt8]) {
        header(id, .binary)
        appendBinary(value)
    }

    /// A string field (UTF-8 bytes as binary).
    public mutating func field(_ id: Int16, string value: String) { field(id, binary: Array(value.utf8)) }

    /// A struct field: `body` writes the inner fields (ids counted afresh); the stop byte is added.
    public mutating func field(_ id: Int16, struct body: (inout ThriftCompactWriter) -> Void) {
        header(id, .struct)
        writeStruct(body)
    }

    /// A list of i32 (or enum) values.
    public mutating func field(_ id: Int16, i32s values: [Int32]) {
        header(id, .list)
        listHeader(values.count, .i32)
        for v in values { Self.appendVarint(Self.zigzag(Int64(v)), to: &bytes) }
    }

    /// A list of i64 values.
    public mutating func field(_ id: Int16, i64s values: [Int64]) {
        header(id, .list)
        listHeader(values.count, .i64)
        for v in values { Self.appendVarint(Self.zigzag(v), to: &bytes) }
    }

    /// A list of strings.
    public mutating func field(_ id: Int16, strings values: [String]) {
        header(id, .list)
        listHeader(values.count, .binary)
        for v in values { appendBinary(Array(v.utf8)) }
    }

    /// A list of structs: `body` writes the fields of one element.
    public mutating func field<T>(_ id: Int16, structs items: [T], _ body: (inout ThriftCompactWriter, T) -> Void) {
        header(id, .list)
        listHeader(items.count, .struct)
        for item in items { writeStruct { body(&$0, item) } }
    }

    // MARK: Helpers

    private mutating func listHeader(_ count: Int, _ element: ValueType) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | element.rawValue)
        } else {
            bytes.append(0xf0 | element.rawValue)
            Self.appendVarint(UInt64(count), to: &bytes)
        }
    }

    private mutating func appendBinary(_ value: [UInt8]) {
        Self.appendVarint(UInt64(value.count), to: &bytes)
        bytes.append(contentsOf: value)
    }

    private mutating func writeStruct(_ body: (inout ThriftCompactWriter) -> Void) {
        stack.append(lastField)
        lastField = 0
        body(&self)
        bytes.append(0)
        lastField = stack.removeLast()
    }
}
