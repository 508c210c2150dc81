import SelarasModel

/// Events that arrived before earlier ones of their stream and wait in the pending area until
/// the gap fills (what `selaras status` lists under `waiting`).
public struct WaitingSegment: Sendable, Hashable {
    /// The stream (origin replica and kelurahan).
    public let stream: StreamID
    /// The first seq held.
    public let firstSeq: UInt64
    /// The last seq held.
    public let lastSeq: UInt64
    /// The first seq missing (the store holds the stream up to `missingFrom - 1`).
    public let missingFrom: UInt64

    /// Creates a segment.
    public init(stream: StreamID, firstSeq: UInt64, lastSeq: UInt64, missingFrom: UInt64) {
        self.stream = stream
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.missingFrom = missingFrom
    }

    /// Events waiting per kelurahan code: per stream, the seqs held above what the store has
    /// applied, counted once even when segments overlap.
    /// - Complexity: O(s log s) in the segments.
    public static func eventsWaiting(_ segments: [WaitingSegment]) -> [UInt16: UInt64] {
        var out: [UInt16: UInt64] = [:]
        for (stream, segs) in Dictionary(grouping: segments, by: \.stream) {
            var covered: UInt64 = 0, reach: UInt64 = 0
            for s in segs.sorted(by: { $0.firstSeq < $1.firstSeq }) {
                let lo = max(s.firstSeq, s.missingFrom, reach + 1)
                guard s.lastSeq >= lo else { continue }
                covered += s.lastSeq - lo + 1
                reach = s.lastSeq
            }
            if covered > 0 { out[stream.kelurahanCode, default: 0] += covered }
        }
        return out
    }
}
