/// Walks a complete raw deflate stream block by block (RFC 1951) without producing its output,
/// to find where its final block starts and ends; ``continuable(_:)`` uses that to turn a
/// whole-buffer compressor's stream (libdeflate's, which always ends in a final block) into a
/// piece that can be followed by more deflate blocks, as zlib's `Z_SYNC_FLUSH` leaves one.
///
/// It decodes every Huffman symbol (so it costs a fraction of an inflate) but copies nothing.
/// Any input is safe: a stream that is cut, malformed or longer than its blocks is refused with
/// a ``CompressionError``, never a trap.
public enum DeflateBlockScanner {
    /// Where the final block lies, in bits from the stream's start.
    public struct FinalBlock: Sendable, Equatable {
        /// The bit holding the final block's BFINAL flag (its first header bit).
        public let headerBit: Int
        /// The bit just after the final block (after its end-of-block code, or its stored bytes).
        public let endBit: Int
    }

    /// Extra bits of length codes 257…285.
    private static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    /// Extra bits of distance codes 0…29.
    private static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    /// The order of the code-length code's lengths in a dynamic block's header.
    private static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Finds the final block of the deflate stream `bytes`.
    /// - Throws: ``CompressionError`` when the stream is malformed, ends before its final block,
    ///   or has bytes after the byte holding the final block's last bit.
    /// - Complexity: O(symbols in the stream).
    public static func finalBlock(in bytes: UnsafeRawBufferPointer) throws -> FinalBlock {
        var r = DeflateBitReader(bytes)
        while true {
            let start = r.position
            let final = r.read(1)
            let type = r.read(2)
            switch type {
            case 0: try skipStored(&r)
            case 1: try skipSymbols(&r, literalLength: DeflateHuffmanTable.fixedLiteralLength, distance: DeflateHuffmanTable.fixedDistance)
            case 2:
                let (literalLength, distance) = try dynamicTables(&r)
                try skipSymbols(&r, literalLength: literalLength, distance: distance)
            default: throw CompressionError(code: -3, "deflate block at bit \(start) has the reserved type 3")
            }
            guard !r.overran else { throw CompressionError(code: -3, "deflate stream of \(bytes.count) bytes ends inside a block (at bit \(start))") }
            if final == 1 {
                guard (r.position + 7) / 8 == bytes.count else {
                    throw CompressionError(code: -3, "deflate stream of \(bytes.count) bytes has bytes after its final block (ends at bit \(r.position))")
                }
                return FinalBlock(headerBit: start, endBit: r.position)
            }
        }
    }

    /// The stream `deflated` with its final block made non-final and followed by an empty
    /// stored block, as zlib's `Z_SYNC_FLUSH` ends a piece: byte-aligned, ending in
    /// `00 00 FF FF`, so that more blocks may follow it (and a final one must).
    /// - Throws: ``CompressionError`` as ``finalBlock(in:)``.
    public static func continuable(_ deflated: [UInt8]) throws -> [UInt8] {
        let f = try deflated.withUnsafeBytes { try finalBlock(in: $0) }
        var out = deflated
        out[f.headerBit >> 3] &= ~(UInt8(1) << UInt8(f.headerBit & 7))
        // The empty stored block: 3 header bits (BFINAL 0, BTYPE 00) right after the final
        // block, zero bits to the byte boundary, then LEN 0 and NLEN 0xFFFF.
        let bytes = (f.endBit + 3 + 7) / 8
        if f.endBit & 7 != 0 { out[f.endBit >> 3] &= UInt8((1 << (f.endBit & 7)) - 1) }
        while out.count < bytes { out.append(0) }
        out += [0x00, 0x00, 0xFF, 0xFF]
        return out
    }

    private static func skipStored(_ r: inout DeflateBitReader) throws {
        r.seek(toBit: (r.position + 7) / 8 * 8)
        let length = r.read(16), complement = r.read(16)
        guard length ^ complement == 0xFFFF else {
            throw CompressionError(code: -3, "stored deflate block at byte \(r.position / 8 - 4): length \(length) does not match its complement")
        }
        r.seek(toBit: r.position + 8 * length)
    }

    /// Reads a dynamic block's header: its literal/length and distance codes.
    private static func dynamicTables(_ r: inout DeflateBitReader) throws -> (DeflateHuffmanTable, DeflateHuffmanTable) {
        let literals = r.read(5) + 257, distances = r.read(5) + 1, codeLengths = r.read(4) + 4
        guard literals <= 286, distances <= 30 else {
            throw CompressionError(code: -3, "dynamic deflate block with \(literals) literal/length and \(distances) distance codes (at most 286 and 30)")
        }
        var lengthOfCodeLength = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengths { lengthOfCodeLength[codeLengthOrder[i]] = UInt8(r.read(3)) }
        let codeLengthCode = try DeflateHuffmanTable(lengths: lengthOfCodeLength[...])
        var lengths: [UInt8] = []
        lengths.reserveCapacity(literals + distances)
        while lengths.count < literals + distances {
            r.refill()
            let sym = try codeLengthCode.decode(&r)
            switch sym {
            case 0...15: lengths.append(UInt8(sym))
            case 16:
                guard let last = lengths.last else { throw CompressionError(code: -3, "dynamic deflate block repeats a code length before the first") }
                lengths += repeatElement(last, count: 3 + r.read(2))
            case 17: lengths += repeatElement(0, count: 3 + r.read(3))
            default: lengths += repeatElement(0, count: 11 + r.read(7))
            }
            guard lengths.count <= literals + distances, !r.overran else {
                throw CompressionError(code: -3, "dynamic deflate block's code lengths run past their count or the stream")
            }
        }
        guard lengths[256] != 0 else { throw CompressionError(code: -3, "dynamic deflate block has no end-of-block code") }
        return (try DeflateHuffmanTable(lengths: lengths[0..<literals]), try DeflateHuffmanTable(lengths: lengths[literals...]))
    }

    /// Skips a Huffman-coded block's symbols up to and including its end-of-block code.
    private static func skipSymbols(_ r: inout DeflateBitReader, literalLength: DeflateHuffmanTable, distance: DeflateHuffmanTable) throws {
        while true {
            // Every symbol takes at least one bit, so a stream cut short ends here, not in a loop over zeros.
            guard !r.overran else { throw CompressionError(code: -3, "deflate stream ends inside a block") }
            r.refill()
            let sym = try literalLength.decode(&r)
            if sym < 256 { continue }
            if sym == 256 { return }
            let l = sym - 257
            guard l < lengthExtra.count else { throw CompressionError(code: -3, "deflate length code \(sym) (at most 285)") }
            r.skip(lengthExtra[l])
            let d = try distance.decode(&r)
            guard d < distanceExtra.count else { throw CompressionError(code: -3, "deflate distance code \(d) (at most 29)") }
            r.skip(distanceExtra[d])
        }
    }
}
