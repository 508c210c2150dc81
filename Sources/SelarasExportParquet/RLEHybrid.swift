/// Parquet's RLE / bit-packing hybrid for dictionary indices at any bit width (a data page's
/// values after its one bit-width byte; no length prefix): a run of 8 or more equal values is
/// an RLE run (`varint(count << 1)`, then the value in `ceil(width / 8)` little-endian bytes);
/// anything else goes into bit-packed runs of groups of 8 values (`varint(groups << 1 | 1)`,
/// then `width` bytes per group, values packed from the lowest bit up). Only the last group of
/// the page may be padded, as the format allows.
public enum RLEHybrid {
    /// The bits needed for values up to `maxValue` (at least 1).
    public static func bitWidth(_ maxValue: UInt32) -> Int { max(1, 32 - maxValue.leadingZeroBitCount) }

    /// Appends the encoded `values` at `width` bits (1…32) to `out`.
    public static func encode(_ values: [UInt32], width: Int, to out: inout [UInt8]) {
        precondition(width >= 1 && width <= 32)
        let n = values.count
        var i = 0
        while i < n {
            let run = sameRun(values, from: i)
            if run >= 8 {
                ThriftCompactWriter.appendVarint(UInt64(run) << 1, to: &out)
                for b in 0..<((width + 7) / 8) { out.append(UInt8(truncatingIfNeeded: values[i] >> (8 * UInt32(b)))) }
                i += run
                continue
            }
            // Bit-packed groups of 8 until a long run starts at a group boundary (or the values end).
            var groups = 0
            var packed: [UInt8] = []
            repeat {
                var acc: UInt64 = 0, bits = 0
                for k in 0..<8 {
                    let v = i + k < n ? UInt64(values[i + k]) : 0
                    acc |= v << UInt64(bits)
                    bits += width
                    while bits >= 8 {
                        packed.append(UInt8(truncatingIfNeeded: acc))
                        acc >>= 8
                        bits -= 8
                    }
                }
                groups += 1
                i += 8
            } while i < n && sameRun(values, from: i) < 8
            ThriftCompactWriter.appendVarint(UInt64(groups) << 1 | 1, to: &out)
            out.append(contentsOf: packed)
        }
    }

    /// Length of the run of equal values starting at `i`.
    private static func sameRun(_ values: [UInt32], from i: Int) -> Int {
        var j = i + 1
        while j < values.count && values[j] == values[i] { j += 1 }
        return j - i
    }
}
