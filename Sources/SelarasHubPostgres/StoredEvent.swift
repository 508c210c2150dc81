import Foundation
import SelarasLog
import SelarasModel

/// The checks an event's bytes read back from the database pass before use, the same as a
/// bundle's: a length within a frame's limit, the canonical decoding, the dot it is stored
/// under, and the hash stored beside it.
enum StoredEvent {
    /// Decodes and checks one row's event.
    /// - Throws: ``DatabaseError`` `.badRow` naming the table, the stream and seq, and what is wrong.
    static func decode(_ body: Data, stream: StreamID, seq: UInt64, hash: EventHash, table: String) throws(DatabaseError) -> Event {
        let row = RowCheck(table: table, row: "\(stream)#\(seq)")
        try row.check(!body.isEmpty && body.count <= Frame.maxPayload, "body", "\(body.count) bytes", "1…\(Frame.maxPayload) bytes")
        let result = body.withUnsafeBytes { (p: UnsafeRawBufferPointer) -> Result<Event, DatabaseError> in
            guard EventHash.of(p) == hash else { return .failure(row.bad("body", "its bytes do not have the stored hash")) }
            do { return .success(try Event.decode(p)) } catch {
                return .failure(row.bad("body", "it does not decode: \(error)"))
            }
        }
        let event = try result.get()
        try row.check(event.dot == Dot(stream: stream, seq: seq), "body", "the event \(event.dot)", "the event \(stream)#\(seq)")
        return event
    }
}
