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

    @Test("every level decompresses to exactly the rows (zlib and the system's gzip -t / -dc)", arguments: [Int32(1), GzipTableFiles.defaultLevel, 6])
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

    @Test("the default level sits between 1 and 6 in size: smaller than level 1, at most 15 % over level 6")
    func defaultLevelSize() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let dataset = try GzipTableFilesTests.dataset(GzipTableFilesTests.events(children: 200, checks: 3 * GzipTableFiles.rowsPerChunk))
        var sizes: [Int32: Int] = [:]
        for level in [Int32(1), GzipTableFiles.defaultLevel, 6] {
            try FileManager.default.createDirectory(atPath: dir.child("l\(level)"), withIntermediateDirectories: true)
            let names = try GzipTableFiles.write(dataset, to: dir.child("l\(level)"), fileExtension: "csv.gz", level: level, progress: .none) { schema in
                var header: [UInt8] = []
                CSVFormat.appendRecord(schema.columns.map(\.name), to: &header)
                return .init(header: header) { row, out in CSVFormat.appendRecord(row, to: &out) }
            }
            sizes[level] = try names.reduce(0) { $0 + (try bytes(dir.child("l\(level)/" + $1))).count }
        }
        let one = try #require(sizes[1]), ours = try #require(sizes[GzipTableFiles.defaultLevel]), six = try #require(sizes[6])
        #expect(ours < one)
        #expect(Double(ours) <= 1.15 * Double(six), "level \(GzipTableFiles.defaultLevel): \(ours) bytes, level 6: \(six)")
    }
}
