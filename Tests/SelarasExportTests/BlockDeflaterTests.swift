import SelarasCompression
import SelarasModel
import Testing

/// libdeflate's whole-buffer output made continuable: pieces compressed on their own, each ended
/// like a zlib sync flush, join into one deflate stream that zlib inflates to exactly the input;
/// the block walker finds the final block of libdeflate's and of zlib's streams and refuses a
/// cut or malformed stream with an error, never a trap.
@Suite("Compression: libdeflate blocks and the deflate block walker")
struct BlockDeflaterTests {
    /// Inputs of the kinds the exporters compress, and the edges: CSV-like text (dynamic
    /// blocks), random bytes (stored blocks), a short text (a fixed-code block), one byte, none.
    static func inputs() -> [String: [UInt8]] {
        var rng = SeededRandom(seed: 15)
        var csv: [UInt8] = []
        for i in 0..<40_000 {
            let w = 30 + rng.next() % 900
            csv += Array("gc-\(rng.next() % 100_000),ch-\(i % 977),2025-0\(1 + i % 9)-1\(i % 10),\(w / 10).\(w % 10),lying,-1.2\(i % 7),,N\r\n".utf8)
        }
        let random = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        return ["csv": csv, "random": random, "mixed": Array(csv.prefix(200_000)) + Array(random.prefix(70_000)) + csv.suffix(100_000),
                "short": Array("halo, posyandu".utf8), "one": [0x41], "empty": []]
    }

    @Test("pieces of any size, at levels 0…12, join into one stream zlib inflates to the input",
          arguments: [Int32(0), 1, 3, 6, 12])
    func piecesJoin(level: Int32) throws {
        for (name, input) in Self.inputs() {
            for pieceSize in [1 << 20, 65_536, 4_099] {
                var stream: [UInt8] = []
                var start = 0
                repeat {
                    let end = min(input.count, start + pieceSize)
                    let piece = try input[start..<end].withUnsafeBytes { try BlockDeflater(level: level).syncFlushedBlock($0) }
                    #expect(Array(piece.suffix(4)) == [0x00, 0x00, 0xFF, 0xFF], "\(name), level \(level): a piece ends like a sync flush")
                    stream += piece
                    start = end
                } while start < input.count
                stream += [0x03, 0x00]
                #expect(try Inflater.decompress(stream, format: .raw) == input, "\(name), level \(level), pieces of \(pieceSize)")
            }
        }
    }

    @Test("the walker finds the final block of zlib's own streams too (any level), and the made-continuable stream joins")
    func zlibStreams() throws {
        for (name, input) in Self.inputs() {
            for level in [Int32(1), 6, 9] {
                let whole = try Deflater.compress(input, level: level, format: .raw)
                let f = try whole.withUnsafeBytes { try DeflateBlockScanner.finalBlock(in: $0) }
                #expect((f.endBit + 7) / 8 == whole.count, "\(name), zlib level \(level)")
                #expect(f.headerBit < f.endBit)
                let joined = try DeflateBlockScanner.continuable(whole) + DeflateBlockScanner.continuable(whole) + [0x03, 0x00]
                #expect(try Inflater.decompress(joined, format: .raw) == input + input, "\(name), zlib level \(level)")
            }
        }
    }

    @Test("a stream cut anywhere, with bytes after its end, or with flipped bytes is refused or walked, never trapped")
    func malformed() throws {
        let input = try #require(Self.inputs()["csv"]).prefix(20_000)
        let whole = try Array(input).withUnsafeBytes { try BlockDeflater(level: 6).syncFlushedBlock($0) } + [0x03, 0x00]
        // Every cut ends before the final block's last bit, so every one is refused.
        for cut in stride(from: 0, to: whole.count - 1, by: 7) {
            #expect(throws: CompressionError.self, "cut at \(cut) of \(whole.count)") {
                try Array(whole.prefix(cut)).withUnsafeBytes { try DeflateBlockScanner.finalBlock(in: $0) }
            }
        }
        #expect(throws: CompressionError.self) { try (whole + [0x00]).withUnsafeBytes { try DeflateBlockScanner.finalBlock(in: $0) } }
        #expect(throws: CompressionError.self) { try [UInt8]([0x07]).withUnsafeBytes { try DeflateBlockScanner.finalBlock(in: $0) } }  // type 3
        var rng = SeededRandom(seed: 99)
        var refused = 0
        for _ in 0..<300 {
            var bad = whole
            for _ in 0..<3 { bad[Int(rng.next() % UInt64(bad.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
            do { _ = try bad.withUnsafeBytes { try DeflateBlockScanner.finalBlock(in: $0) } } catch is CompressionError { refused += 1 }
        }
        #expect(refused > 0, "some flipped streams must be refused")
        for _ in 0..<300 {
            let noise = (0..<Int(rng.next() % 2_000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = try? noise.withUnsafeBytes { try DeflateBlockScanner.finalBlock(in: $0) }
        }
    }

    @Test("gzip members inflate back, with a fixed header (no name, time 0, OS 255)", arguments: [Int32(1), 6])
    func gzipMember(level: Int32) throws {
        for (name, input) in Self.inputs() {
            let a = try BlockDeflater(level: level).gzip(input)
            #expect(Array(a.prefix(8)) == [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0], "\(name)")
            #expect(a[9] == 0xff, "\(name)")
            #expect(try BlockDeflater(level: level).gzip(input) == a, "\(name)")
            #expect(try Inflater.decompress(a, format: .gzip) == input, "\(name)")
        }
    }

    @Test("CRC-32 equals the bitwise definition (RFC 1952) over any length and split")
    func crc() throws {
        for (name, input) in Self.inputs() {
            let whole = input.withUnsafeBytes { BlockDeflater.crc32(0, $0) }
            #expect(whole == Self.referenceCRC32(input), "\(name)")
            let half = input.count / 3
            let split = input[half...].withUnsafeBytes { p in BlockDeflater.crc32(input[..<half].withUnsafeBytes { BlockDeflater.crc32(0, $0) }, p) }
            #expect(split == whole, "\(name)")
        }
    }

    /// CRC-32 (IEEE, reflected, polynomial 0xEDB88320) bit by bit, as RFC 1952 defines it.
    static func referenceCRC32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 == 1 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        }
        return ~c
    }

    @Test("a level outside 0…12 is refused with its value")
    func badLevel() {
        #expect(throws: CompressionError.self) { try BlockDeflater(level: 13) }
        #expect(throws: CompressionError.self) { try BlockDeflater(level: -1) }
    }
}
