#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import Testing
import SelarasLog
import SelarasModel
import SelarasSync
import SelarasTestSupport

let manggar = SampleRecords.kelurahan
let lamaru = Kelurahan(name: "Lamaru")!

struct ScratchError: Error { let errno: Int32 }

/// A scratch directory on tmpfs when there is one (fsync is free there), else under /tmp.
final class ScratchDirectory {
    let path: String
    init(prefix: String = "selaras-sync") throws {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : "/tmp"
        var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buf in
            guard let p = mkdtemp(buf.baseAddress!) else { return nil }
            return String(cString: p)
        }
        guard let made else { throw ScratchError(errno: errno) }
        path = made
    }
    func child(_ name: String) -> String { path + "/" + name }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Creates a store; with `keySeed`, its signing key (and so its replica id) is derived from
/// the seed, so that a seeded schedule replays with the same ids.
func makeStore(at dir: String, kelurahan: Kelurahan, label: String, keySeed: UInt64? = nil) throws -> Store {
    let store = try Store.create(at: dir, kelurahan: kelurahan, label: label)
    guard let keySeed else { return store }
    store.close()
    var g = SeededRandom(seed: keySeed)
    var raw: [UInt8] = []
    for _ in 0..<4 { withUnsafeBytes(of: g.next().littleEndian) { raw += $0 } }
    let key = try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    let id = ReplicaID.derived(fromPublicKey: Array(key.publicKey.rawRepresentation))
    var w = BinaryWriter()
    w.raw(Array("SLRSMETA".utf8))
    w.u8(1)
    w.u64(id.rawValue)
    w.u16(kelurahan.code)
    w.string(label)
    w.zigzag(SampleRecords.recordedAt)
    let crc = w.bytes.withUnsafeBytes { Frame.crc32($0) }
    w.u32(crc)
    let fs = PosixFileSystem()
    try fs.writeFileAtomically(dir + "/signing.key", raw, mode: 0o600)
    try fs.writeFileAtomically(dir + "/replica", w.bytes)
    let reopened = try Store.open(at: dir)
    precondition(reopened.replica == id)
    return reopened
}

enum Files {
    static func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
    static func write(_ path: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
    static func copyDirectory(_ from: String, _ to: String) throws { try FileManager.default.copyItem(atPath: from, toPath: to) }

    /// Relative path → SHA-256 of every file under `dir` (the lock file excluded: it is empty
    /// and only ever flocked; so is a cleared undo record, all zeros: it holds no state — a live
    /// one is kept in the snapshot).
    static func snapshot(_ dir: String) throws -> [String: EventHash] {
        var out: [String: EventHash] = [:]
        guard let e = FileManager.default.enumerator(atPath: dir) else { return out }
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            let full = dir + "/" + rel
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else {
                if isDir.boolValue { out[rel + "/"] = .zero }
                continue
            }
            if rel == "lock" { continue }
            let bytes = try read(full)
            if rel.hasSuffix("batch.journal"), bytes.allSatisfy({ $0 == 0 }) { continue }
            out[rel] = EventHash.of(bytes)
        }
        return out
    }
}

/// Expects `body` to throw a ``SyncError`` (with `code` when given); returns it.
@discardableResult
func expectSyncError(_ code: SyncError.Code? = nil, _ comment: @autoclosure () -> String = "",
                     sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> SyncError? {
    do {
        try body()
        Issue.record("expected a SyncError\(code.map { " (\($0))" } ?? ""), nothing was thrown. \(comment())", sourceLocation: sourceLocation)
        return nil
    } catch let e as SyncError {
        if let code, e.code != code {
            Issue.record("expected SyncError .\(code), got .\(e.code): \(e.message). \(comment())", sourceLocation: sourceLocation)
        }
        return e
    } catch {
        Issue.record("expected a SyncError, got \(type(of: error)): \(error). \(comment())", sourceLocation: sourceLocation)
        return nil
    }
}

/// Writes a full bundle (or one for `assumed`) of `store` to `path`.
@discardableResult
func writeBundle(_ store: Store, to path: String, assumed: VersionVector = VersionVector()) throws -> BundleWriter.Summary {
    try BundleWriter(store: store, state: try SyncState.load(store)).write(to: path, assumed: assumed)
}

/// The environment variable `name` as an integer.
func environmentInteger(_ name: String) -> UInt64? {
    guard let v = ProcessInfo.processInfo.environment[name], !v.isEmpty else { return nil }
    if v.hasPrefix("0x") { return UInt64(v.dropFirst(2), radix: 16) }
    return UInt64(v)
}
