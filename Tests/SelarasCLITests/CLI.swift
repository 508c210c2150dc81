import Foundation
import SelarasTestSupport
import Testing

/// Runs the built `selaras` executable (it sits next to the test bundle in the products
/// directory) with Foundation `Process`, capturing stdout, stderr and the exit status.
struct CLI {
    /// What one run produced.
    struct Result: CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let stdout: String
        let stderr: String
        var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
        var description: String {
            "selaras \(arguments.joined(separator: " ")) → exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
        }
    }

    /// The executable, found once.
    static let executable: URL? = {
        var candidates: [URL] = [Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("selaras")]
        // Fallback: next to the running test binary (…/debug/SelarasPackageTests.xctest).
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("selaras"))
            dir = dir.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The temporary directory runs happen in (also HOME, so `~/.selaras` is never touched).
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory(prefix: "selaras-cli") }

    /// A path inside the temporary directory.
    func path(_ name: String) -> String { directory.child(name) }

    /// Runs `selaras ARGS` in the temporary directory and waits for it. Output goes to files,
    /// not pipes, so a chatty command can never block on a full pipe.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Result {
        let exe = try #require(Self.executable, "the selaras executable is not next to the test bundle; build it first (swift build)")
        let tag = UUID().uuidString
        let outPath = path(".out-\(tag)"), errPath = path(".err-\(tag)")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let p = Process()
        p.executableURL = exe
        p.arguments = arguments
        p.currentDirectoryURL = directory.url
        var env = ProcessInfo.processInfo.environment
        env["SELARAS_HOME"] = nil
        env["SELARAS_AUTHOR"] = nil
        env["HOME"] = directory.path
        for (k, v) in extra { env[k] = v }
        p.environment = env
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try out.close()
        try err.close()
        return Result(arguments: arguments,
                      status: p.terminationStatus,
                      stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }

    /// Runs and requires exit status 0.
    @discardableResult
    func ok(_ arguments: [String], environment: [String: String] = [:],
            sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        let r = try run(arguments, environment: environment)
        try #require(r.status == 0, "\(r)", sourceLocation: sourceLocation)
        return r
    }

    /// `selaras status --json`, parsed.
    func status(_ store: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let r = try ok(["status", "--store", store, "--json"], sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        return try #require(object as? [String: Any], "status --json is not an object: \(r.stdout)", sourceLocation: sourceLocation)
    }

    /// The number of events in the store (from `status --json`).
    func eventCount(_ store: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        try #require(try status(store, sourceLocation: sourceLocation)["events"] as? Int, sourceLocation: sourceLocation)
    }

    /// Active records of a kind (`child`, `check`, `survey`) from `status --json`.
    func active(_ kind: String, in store: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let records = try #require(try status(store, sourceLocation: sourceLocation)["records"] as? [String: Any],
                                   sourceLocation: sourceLocation)
        let k = try #require(records[kind] as? [String: Any], "no \(kind) in \(records)", sourceLocation: sourceLocation)
        return try #require(k["active"] as? Int, sourceLocation: sourceLocation)
    }

    /// `selaras log --json`, one object per line.
    func log(_ store: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        try ok(["log", "--store", store, "--json"], sourceLocation: sourceLocation).stdoutLines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                         sourceLocation: sourceLocation)
        }
    }

    /// A Manggar store `lap1` holding Siti Aminah (born 2024-03-02); returns the store and child id.
    func storeWithChild() throws -> (store: String, child: String) {
        let store = path("lap1")
        try ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let r = try ok(["child", "add", "--store", store, "--name", "Siti Aminah", "--sex", "P", "--born", "2024-03-02",
                        "--mother", "Rahmawati", "--posyandu", "Melati 3"])
        return (store, r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A CSV fixture under `Fixtures/csv/`, as a path.
    static func csv(_ name: String) throws -> String {
        try Fixtures.url("csv/" + name, in: Fixtures.root(in: .module)).path
    }
}
