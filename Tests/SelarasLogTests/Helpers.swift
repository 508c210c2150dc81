import Foundation
import Testing
import SelarasLog
import SelarasModel
import SelarasTestSupport

let manggar = SampleRecords.kelurahan
let lamaru = Kelurahan(name: "Lamaru")!

/// File helpers for tests that damage stores on purpose.
enum Files {
    static func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
    static func write(_ path: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func logPath(_ store: String, _ stream: StreamID) -> String { "\(store)/streams/\(stream.fileStem).log" }
    static func indexPath(_ store: String, _ stream: StreamID) -> String { "\(store)/streams/\(stream.fileStem).idx" }

    /// The start offsets of the frames of a log file's bytes (header skipped), and where the last one ends.
    static func frames(_ log: [UInt8]) -> (starts: [Int], end: Int) {
        var starts: [Int] = []
        var p = 32
        while p + 8 <= log.count {
            let n = Int(log[p]) | Int(log[p + 1]) << 8 | Int(log[p + 2]) << 16 | Int(log[p + 3]) << 24
            guard n > 0, p + 8 + n <= log.count else { break }
            starts.append(p)
            p += 8 + n
        }
        return (starts, p)
    }

    /// A frame (length, CRC-32, payload) around canonical event bytes.
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var w = BinaryWriter()
        w.u32(UInt32(payload.count))
        w.u32(payload.withUnsafeBytes { Frame.crc32($0) })
        w.raw(payload)
        return w.bytes
    }
}

/// Every event of a store, by stream, as canonical bytes read straight from the log.
func encodedEvents(_ store: Store) throws -> [StreamID: [[UInt8]]] {
    var out: [StreamID: [[UInt8]]] = [:]
    for s in store.streams {
        var list: [[UInt8]] = []
        try store.forEachEncodedEvent(in: s, after: 0) { seq, payload in
            #expect(seq == UInt64(list.count + 1))
            list.append(Array(payload))
        }
        out[s] = list
    }
    return out
}

/// Expects `body` to throw a ``StoreError`` with one of `codes`; returns it.
@discardableResult
func expectStoreError(_ codes: Set<StoreError.Code>, _ comment: @autoclosure () -> String = "",
                      sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        Issue.record("no error; expected \(codes) \(comment())", sourceLocation: sourceLocation)
    } catch let e as StoreError {
        #expect(codes.contains(e.code), "\(e.code): \(e) \(comment())", sourceLocation: sourceLocation)
        return e
    } catch {
        Issue.record("untyped error \(error); expected StoreError \(codes) \(comment())", sourceLocation: sourceLocation)
    }
    return nil
}
