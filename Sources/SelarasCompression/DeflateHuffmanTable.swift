/// A canonical Huffman code of a deflate block (RFC 1951 §3.2.2) as a lookup table indexed by
/// the next ``bits`` bits of the stream: each entry holds the symbol and its code length (0 for
/// bit patterns no code starts with).
struct DeflateHuffmanTable {
    /// Bits looked at per decode: the longest code length.
    let bits: Int
    private let entries: [UInt16]

    /// Builds the table from each symbol's code length (0: no code).
    /// - Throws: ``CompressionError`` when the lengths over-subscribe the code space or exceed 15.
    init(lengths: ArraySlice<UInt8>) throws {
        var countOfLength = [Int](repeating: 0, count: 16)
        var longest = 0
        for l in lengths {
            guard l <= 15 else { throw CompressionError(code: -3, "a deflate code length of \(l) bits (at most 15)") }
            countOfLength[Int(l)] += 1
            longest = max(longest, Int(l))
        }
        countOfLength[0] = 0
        var left = 1
        for l in 1..<16 {
            left <<= 1
            left -= countOfLength[l]
            guard left >= 0 else { throw CompressionError(code: -3, "deflate code lengths over-subscribe the code space") }
        }
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for l in 1..<16 {
            code = (code + countOfLength[l - 1]) << 1
            nextCode[l] = code
        }
        bits = max(1, longest)
        var table = [UInt16](repeating: 0, count: 1 << bits)
        for (i, l) in lengths.enumerated() where l > 0 {
            let len = Int(l)
            let c = nextCode[len]
            nextCode[len] += 1
            var reversed = 0
            for k in 0..<len where c & (1 << k) != 0 { reversed |= 1 << (len - 1 - k) }
            let entry = UInt16(i << 4 | len)
            var k = reversed
            while k < table.count {
                table[k] = entry
                k += 1 << len
            }
        }
        entries = table
    }

    /// Decodes one symbol; the reader must hold at least ``bits`` bits (``DeflateBitReader/refill()``).
    /// - Throws: ``CompressionError`` for a bit pattern that is no code.
    func decode(_ reader: inout DeflateBitReader) throws -> Int {
        let e = Int(entries[reader.peek(bits)])
        let len = e & 15
        guard len != 0 else { throw CompressionError(code: -3, "a deflate bit pattern that is no code of its block") }
        reader.skip(len)
        return e >> 4
    }

    /// The fixed literal/length code (RFC 1951 §3.2.6).
    static let fixedLiteralLength = try! DeflateHuffmanTable(lengths:
        ArraySlice([UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
            + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8)))
    /// The fixed distance code: 30 symbols of 5 bits (32 with the two unused).
    static let fixedDistance = try! DeflateHuffmanTable(lengths: ArraySlice([UInt8](repeating: 5, count: 32)))
}
