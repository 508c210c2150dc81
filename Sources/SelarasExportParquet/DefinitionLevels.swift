/// Definition levels of an optional column in a flat table (1 = value present, 0 = null),
/// encoded with Parquet's RLE / bit-packing hybrid at bit width 1, as a v1 data page stores
/// them: a 4-byte little-endian length, then runs.
///
/// A run of 8 or more equal levels is one RLE run (`varint(count << 1)`, then the level in one
/// byte); anything else goes into bit-packed runs of groups of 8 levels
/// (`varint(groups << 1 | 1)`, then one byte per group, first level in the lowest bit). Only
/// the last group of the page may be padded, as the format allows.
public enum DefinitionLevels {
    /// The encoded levels, length prefix included.
    public static func encode(_ levels: [UInt8]) -> [UInt8] {
        var runs: [UInt8] = []
        let n = levels.count
        var i = 0
        while i < n {
            let run = sameRun(levels, from: i)
            if run >= 8 {
                ThriftCompactWriter.appendVarint(UInt64(run) << 1, to: &runs)
                runs.append(levels[i])
                i += run
                continue
            }
            // Bit-packed groups until a long run starts (or the levels end).
            var packed: [UInt8] = []
            repeat {
                var byte: UInt8 = 0
                for b in 0..<8 where i + b < n && levels[i + b] != 0 { byte |= 1 << b }
                packed.append(byte)
                i += 8
            } while i < n && sameRun(levels, from: i) < 8
            ThriftCompactWriter.appendVarint(UInt64(packed.count) << 1 | 1, to: &runs)
            runs.append(contentsOf: packed)
        }
        let length = UInt32(runs.count)
        return [UInt8(length & 0xff), UInt8(length >> 8 & 0xff), UInt8(length >> 16 & 0xff), UInt8(length >> 24)] + runs
    }

    /// Length of the run of equal levels starting at `i`.
    private static func sameRun(_ levels: [UInt8], from i: Int) -> Int {
        var j = i + 1
        while j < levels.count && levels[j] == levels[i] { j += 1 }
        return j - i
    }
}
