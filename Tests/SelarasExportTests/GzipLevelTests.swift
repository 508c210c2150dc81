import Foundation
import SelarasCompression
import SelarasExport
import SelarasTestSupport
import Testing

/// The csv.gz level is a trade of bytes for time, never of content: whatever the level, the
/// file decompresses (with zlib and with the system's `gzip`) to exactly the rows, and a
/// higher level gives a smaller file.
@Suite("Gzip table files: compression level")
struct GzipLevelTests {
    /// The CSV bytes of every table, header first, written straight from the rows (no gzip).
    static func expectedCSV(_ dataset: Dataset) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for table in dataset.tables {
            var bytes: [UInt8] = []
            CSVFormat.appendRecord(table.schema.columns.map(\.name), to: &bytes)
            table.forEachRow { CSVFormat.appendRecord($0, to: &bytes) }
            out[table.schema.name + ".csv.gz"] = bytes
        }
        return out
    }

    /// The system's `gzip -dc` of a file, or nil when there is no gzip.
    static func systemGunzip(_ path: String) throws -> [UInt8]? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") || FileManager.default.isExecutableFile(atPath: "/bin/gzip") else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -t \"$0\" && gzip -dc \"$0\"", path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "gzip -t / gzip -dc refused \(path)")
        return Array(data)
    }

    @Test("every level decompresses to exactly the rows (zlib and the system's gzip -t / -dc)", arguments: Array(Set([Int32(1), GzipTableFiles.defaultLevel, 6, 12])).sorted())
    func sameContent(level: Int32) throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let dataset = try GzipTableFilesTests.dataset(GzipTableFilesTests.events(children: 30, checks: 2 * GzipTableFiles.rowsPerChunk + 5))
        let names = try GzipTableFiles.write(dataset, to: dir.path, fileExtension: "csv.gz", level: level, progress: .none) { schema in
            var header: [UInt8] = []
            CSVFormat.appendRecord(schema.columns.map(\.name), to: &header)
            return .init(header: header) { row, out in CSVFormat.appendRecord(row, to: &out) }
        }
        let expected = Self.expectedCSV(dataset)
        #expect(Set(names) == Set(expected.keys))
        for name in names {
            let file = try Array(bytes(dir.child(name)))
            let want = try #require(expected[name])
            #expect(try Inflater.decompress(file, format: .gzip) == want, "\(name) at level \(level)")
            if let viaGzip = try Self.systemGunzip(dir.child(name)) { #expect(viaGzip == want, "\(name) at level \(level), gzip -dc") }
        }
    }

    @Test("the default level's files are at most 15 % larger than gzip -6's (zlib level 6) on the same CSV, and libdeflate's level 1 > 6 > 12 in size")
    func defaultLevelSize() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let dataset = try GzipTableFilesTests.dataset(GzipTableFilesTests.events(children: 200, checks: 3 * GzipTableFiles.rowsPerChunk))
        var sizes: [Int32: Int] = [:]
        var names: [String] = []
        for level in Set([Int32(1), GzipTableFiles.defaultLevel, 6, 12]) {
            try FileManager.default.createDirectory(atPath: dir.child("l\(level)"), withIntermediateDirectories: true)
            names = try GzipTableFiles.write(dataset, to: dir.child("l\(level)"), fileExtension: "csv.gz", level: level, progress: .none) { schema in
                var header: [UInt8] = []
                CSVFormat.appendRecord(schema.columns.map(\.name), to: &header)
                return .init(header: header) { row, out in CSVFormat.appendRecord(row, to: &out) }
            }
            sizes[level] = try names.reduce(0) { $0 + (try bytes(dir.child("l\(level)/" + $1))).count }
        }
        // gzip -6: zlib at level 6 over each table's whole CSV, as `gzip -6` compresses it.
        let csv = Self.expectedCSV(dataset)
        let gzip6 = try names.reduce(0) { $0 + (try Deflater.compress(try #require(csv[$1]), level: 6, format: .gzip)).count }
        let ours = try #require(sizes[GzipTableFiles.defaultLevel])
        #expect(Double(ours) <= 1.15 * Double(gzip6), "level \(GzipTableFiles.defaultLevel): \(ours) bytes, gzip -6: \(gzip6)")
        let one = try #require(sizes[1]), six = try #require(sizes[6]), twelve = try #require(sizes[12])
        #expect(one > six && six > twelve, "libdeflate levels 1, 6, 12: \(one), \(six), \(twelve) bytes")
    }
}
