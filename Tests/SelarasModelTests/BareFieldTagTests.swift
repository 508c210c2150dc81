import Foundation
import Testing

/// Field tags live in ``RecordSchema`` only: code elsewhere names a field with a ``FieldKey`` and
/// converts fixed-point numbers with the schema's scale. This suite reads the `Sources` tree and
/// fails on the shapes a bare tag or a hand-written scale takes.
@Suite struct BareFieldTagTests {
    /// The shapes of a bare tag number or a literal scale, with an example each must catch.
    static let patterns: [(pattern: String, example: String)] = [
        (#"(^|[^A-Za-z0-9_])value\([0-9]{1,2}\)"#, "c.value(5)?.date"),
        (#"[A-Za-z_)?]\[[0-9]{1,2}\][?!]\."#, "child?[5]?.date"),
        (#"\[[0-9]{1,2}\] [!=]= nil"#, "if f[3] == nil"),
        (#"\[[0-9]{1,2}\] = \.(text|number|date|reference|bool|list)\("#, "f[1] = .text(nik)"),
        (#"\(\(?[0-9]{1,2}, \.(text|number|date|reference|bool|list)\("#, "FieldMap([(3, .text(name))])"),
        (#"(^|[^A-Za-z0-9_])tag(: | ?[!=<>]=? ?)[0-9]"#, "schema.field(named: n)?.tag == 1"),
        (#"\? [0-9]{1,2} : [0-9]{1,2}\]"#, "fields[kind == .child ? 14 : 7]"),
        (#"(^|[^.A-Za-z0-9_])(text|num|dec|number)\([0-9]{1,2}(\)|, )"#, "text(18).map, number(6, 2)"),
        (#"number[^"]*[/*] (10|100|1e6|1_000_000)\b"#, "c.value(t)?.number.map { Double($0) / 10 }"),
        (#"[/*] (10|100|1e6|1_000_000)\)?(\.rounded\(\))?, (scale|decimals): [0-9]"#, "fixed((x * 10).rounded(), scale: 1)"),
    ]

    /// Files inside `SelarasModel` that must use keys too (the rest of that module owns the tags).
    static let modelFilesChecked: Set<String> = ["RecordValidator.swift", "EventPlausibility.swift"]

    /// The package's `Sources` directory, found from this file's path.
    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
    }

    @Test("every pattern catches its example (so the scan below can fail)")
    func patternsCatchTheirExamples() throws {
        for (pattern, example) in Self.patterns {
            #expect(example.contains(try Regex(pattern)), "\(pattern) misses \(example)")
        }
        #expect(!"c.value(FieldKey.Child.born)?.date, parts[0].count, p[1] = 0x0a, (C.rt, .number(3))".contains(
            try Regex(Self.patterns.map(\.pattern).joined(separator: "|"))))
    }

    @Test("no bare field tag number or literal scale outside SelarasModel")
    func noBareTags() throws {
        let regexes = try Self.patterns.map { try Regex($0.pattern) }
        let root = Self.sources
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 50, "found only \(files.count) Swift files under \(root.path)")
        var hits: [String] = []
        for file in files {
            let relative = String(file.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            if relative.hasPrefix("SelarasModel/"), !Self.modelFilesChecked.contains(file.lastPathComponent) { continue }
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (n, line) in lines.enumerated() where !line.drop(while: { $0 == " " }).hasPrefix("//") {
                if regexes.contains(where: { line.contains($0) }) { hits.append("Sources/\(relative):\(n + 1): \(line)") }
            }
        }
        #expect(hits.isEmpty, "bare field tags or literal scales (use FieldKey and the schema's scale):\n\(hits.joined(separator: "\n"))")
    }
}
