import Foundation
import SelarasModel

/// JSON at the edge: events and values as plain objects for `--json` output.
enum EventJSON {
    static func object(_ e: Event) -> [String: Any] {
        var o: [String: Any] = [
            "dot": e.dot.description, "stream": e.dot.stream.description, "seq": e.dot.seq,
            "entity": e.entity.description, "operation": e.operation.name, "author": e.author,
            "recorded_at": WallClock.iso8601(milliseconds: e.recordedAt),
            "context": e.context.map(\.description), "previous_hash": e.previousHash.description,
        ]
        let schema = e.entity.kind.schema
        switch e.operation {
        case .create(_, let f): o["fields"] = fields(f, schema)
        case .correct(let f, let reason): o["fields"] = fields(f, schema); o["reason"] = reason
        case .void(let reason): o["reason"] = reason
        case .link(let other, _, let reason): o["other"] = other.description; o["reason"] = reason
        }
        return o
    }

    static func fields(_ f: FieldMap, _ schema: RecordSchema) -> [String: String] {
        var out: [String: String] = [:]
        for (tag, v) in f { if let spec = schema.field(tag: tag) { out[spec.name] = v.formatted(as: spec.type) } }
        return out
    }

    static func line(_ o: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func text(_ e: Event) -> String {
        let schema = e.entity.kind.schema
        var parts = ["\(e.dot)", e.operation.name, e.entity.description, "by \(e.author)", WallClock.iso8601(milliseconds: e.recordedAt)]
        func show(_ f: FieldMap) -> String {
            f.compactMap { tag, v in schema.field(tag: tag).map { "\($0.name)=\(v.formatted(as: $0.type))" } }.joined(separator: " ")
        }
        switch e.operation {
        case .create(_, let f): parts.append(show(f))
        case .correct(let f, let reason): parts.append(show(f)); if !reason.isEmpty { parts.append("reason=\"\(reason)\"") }
        case .void(let reason): parts.append("reason=\"\(reason)\"")
        case .link(let other, _, let reason): parts.append("other=\(other)"); parts.append("reason=\"\(reason)\"")
        }
        return parts.joined(separator: "  ")
    }
}
