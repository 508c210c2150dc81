import Foundation
import SelarasExport
import SelarasTestSupport
import Testing

/// The xlsx workbook's zip is written from blocks deflated on all cores: readers (ZIPFoundation,
/// the system's `unzip -t`) must find every entry whole, with its CRC, whatever the blocks.
@Suite("Parallel zip writer")
struct ParallelZipWriterTests {
    /// Entry name → content: one entry of several blocks, an empty one, a one-block one.
    static func write(_ path: String, blockSize: Int) throws -> [String: [UInt8]] {
        // Text-like bytes with some noise, so blocks hold real matches and literals.
        var big: [UInt8] = []
        for i in 0..<200_000 {
            let noise = UInt8(truncatingIfNeeded: (i &* 2_654_435_761) >> 13)
            big.append(i % 13 == 0 ? noise : 0x61 + UInt8(i % 7))
        }
        let contents: [(String, [UInt8])] = [("a/big.xml", big), ("empty.txt", []), ("ü/small.txt", Array("halo, posyandu".utf8))]
        let zip = ParallelZipWriter(file: try ExportFile(path: path))
        for (name, bytes) in contents {
            try zip.beginEntry(name)
            var start = 0
            repeat {
                let end = min(bytes.count, start + blockSize)
                try bytes[start..<end].withUnsafeBytes { try zip.append(ParallelGzipWriter.Block(compressing: $0, level: 3)) }
                start = end
            } while start < bytes.count
            try zip.endEntry()
        }
        try zip.finish()
        return Dictionary(uniqueKeysWithValues: contents)
    }

    @Test("entries of many blocks, one block and none read back whole (ZIPFoundation, unzip -t), in order", arguments: [4096, 1 << 20])
    func readBack(blockSize: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.child("t.zip")
        let expected = try Self.write(path, blockSize: blockSize)
        let read = try readZip(path)
        #expect(read.map(\.path) == ["a/big.xml", "empty.txt", "ü/small.txt"])
        for entry in read { #expect(Array(entry.data) == expected[entry.path], "\(entry.path)") }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
            p.arguments = ["-tq", path]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "unzip -t refused the archive")
        }
    }

    @Test("the same blocks give the same bytes")
    func deterministic() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let content = Array("baris,\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 70_000)
        for name in ["a.zip", "b.zip"] {
            let zip = ParallelZipWriter(file: try ExportFile(path: dir.child(name)))
            try zip.addEntry("x.csv", content, level: 3)
            try zip.finish()
        }
        #expect(try bytes(dir.child("a.zip")) == bytes(dir.child("b.zip")))
    }
}
