import SelarasCompression
import Testing

/// The gzip container of ``Deflater`` (Parquet's GZIP pages): a fixed 10-byte header (no
/// name, no time, OS 255) however much is compressed, so the same input gives the same bytes.
@Suite("Compression: gzip header")
struct DeflaterGzipHeaderTests {
    @Test("the header is 1f 8b 08 00 00000000 00 ff and the bytes inflate back", arguments: [0, 1, 5000, 300_000])
    func fixedHeader(size: Int) throws {
        let input = (0..<size).map { UInt8(truncatingIfNeeded: $0 * 7 / 3) }
        let a = try Deflater.compress(input, level: 6, format: .gzip)
        let b = try Deflater.compress(input, level: 6, format: .gzip)
        #expect(Array(a.prefix(10)) == [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])
        #expect(a == b)
        #expect(try Inflater.decompress(a, format: .gzip) == input)
    }
}
