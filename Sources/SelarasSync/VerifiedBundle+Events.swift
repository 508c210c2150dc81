import Crypto
import SelarasModel

extension VerifiedBundle {
    /// The events of a verified bundle, for a store that keeps them elsewhere than in stream
    /// logs (the hub's database): each section's canonical event bytes, in seq order.
    public struct Events: Sendable {
        /// Per section (in the bundle's order), each event's canonical bytes (seq `firstSeq + i`).
        public let payloads: [[[UInt8]]]
    }

    /// Reads the events of the verified bundle a second time, checking that the file still has
    /// its verified digest and shape and that every event still has its verified hash, as
    /// ``BundleImporter`` does before appending.
    ///
    /// The events are returned in memory: O(events) of the bundle, which the hub's upload limit bounds.
    /// - Parameters:
    ///   - sections: the indexes of the sections whose events are wanted (nil: every section);
    ///     the others are read and checked, not kept.
    ///   - name: how refusals name the bundle.
    /// - Throws: ``SyncError`` `.forged` when the file changed since it was verified, `.io`
    ///   when it cannot be read.
    public func readEvents(sections wanted: Set<Int>? = nil, name: String) throws -> Events {
        func changed(_ why: String) -> SyncError {
            SyncError(.forged, "\(name): the file changed after it was verified (\(why)); the bundle was refused and nothing was imported")
        }
        var collector = EventCollector(bundle: self, wanted: wanted, changed: changed)
        var digest: SHA256? = SHA256()
        try file.forEachChunk(0..<body.lowerBound) { digest!.update(bufferPointer: $0) }
        try file.forEachFrame(body: body, sections: header.sections, digest: &digest, malformed: changed, visitor: &collector)
        guard let d = digest, Array(d.finalize()) == self.digest else {
            throw changed("its SHA-256 digest no longer matches")
        }
        return Events(payloads: collector.payloads)
    }

    /// Keeps the wanted sections' payloads, checking each against its verified hash.
    private struct EventCollector: BundleFrameVisitor {
        let bundle: VerifiedBundle
        let wanted: Set<Int>?
        let changed: (String) -> SyncError
        var payloads: [[[UInt8]]] = []
        var index = 0

        mutating func begin(section: Int) throws {
            index = 0
            payloads.append([])
        }

        mutating func frame(section: Int, frame: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) throws {
            let verified = bundle.sections[section]
            guard index < verified.hashes.count else { throw changed("stream \(verified.info.stream) has more events") }
            if wanted?.contains(section) ?? true {
                guard EventHash.of(payload) == verified.hashes[index] else {
                    throw changed("the event \(verified.info.stream)#\(verified.info.firstSeq + UInt64(index)) differs")
                }
                payloads[section].append(Array(payload))
            }
            index += 1
        }

        mutating func end(section: Int) throws {
            let verified = bundle.sections[section]
            guard index == verified.hashes.count else { throw changed("stream \(verified.info.stream) has fewer events") }
        }
    }
}
