import Crypto
import SelarasLog
import SelarasModel

extension BundleImporter {
    /// What applying does with one section of a verified bundle.
    enum Action {
        /// Everything is already held.
        case skip
        /// Append its events from this index on (they continue the stream).
        case append(from: Int)
        /// Put it all in the pending area (it starts beyond a gap).
        case pend
    }

    /// Bytes of frames handed to the store at a time.
    static let runBytes = 1 << 20

    /// The second read of a verified bundle: hands the events to append to `append` in runs of
    /// about ``runBytes``, writes the sections to pend to pending files (not yet in place), and
    /// checks that the file still has its verified digest and shape.
    /// - Returns: the pending files written, to be committed once the appends are.
    /// - Throws: ``SyncError`` `.forged` when the file changed since it was verified.
    static func readBack(_ bundle: VerifiedBundle, actions: [Action], area: PendingArea, name: String,
                         append: @escaping (VerifiedRun) throws -> Void) throws -> [PendingArea.Writer] {
        func changed(_ why: String) -> SyncError {
            SyncError(.forged, "\(name): the file changed after it was verified (\(why)); the bundle was refused and nothing was imported")
        }
        var applier = Applier(bundle: bundle, actions: actions, area: area, append: append, changed: changed)
        var digest: SHA256? = SHA256()
        try bundle.file.forEachChunk(0..<bundle.body.lowerBound) { digest!.update(bufferPointer: $0) }
        try bundle.file.forEachFrame(body: bundle.body, sections: bundle.header.sections, digest: &digest,
                                     malformed: changed, visitor: &applier)
        guard let d = digest, Array(d.finalize()) == bundle.digest else {
            throw changed("its SHA-256 digest no longer matches")
        }
        return applier.writers
    }

    /// Routes each frame of the second read to the store or a pending file.
    private struct Applier: BundleFrameVisitor {
        let bundle: VerifiedBundle
        let actions: [Action]
        let area: PendingArea
        let append: (VerifiedRun) throws -> Void
        let changed: (String) -> SyncError
        var writers: [PendingArea.Writer] = []
        var writer: PendingArea.Writer?
        /// Index of the next frame within its section.
        var index = 0
        /// Frames waiting to be appended, their offsets, and the index of the first.
        var frames: [UInt8] = []
        var offsets: [UInt64] = []
        var runFirst = 0

        mutating func begin(section: Int) throws {
            index = 0
            if case .pend = actions[section] { writer = try PendingArea.Writer(area: area, section: bundle.sections[section]) }
        }

        mutating func frame(section: Int, frame: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) throws {
            let verified = bundle.sections[section]
            guard index < verified.hashes.count else { throw changed("stream \(verified.info.stream) has more events") }
            switch actions[section] {
            case .skip:
                break
            case .append(let from) where index >= from:
                if offsets.isEmpty { runFirst = index }
                offsets.append(UInt64(frames.count))
                frames.append(contentsOf: frame)
                if frames.count >= BundleImporter.runBytes { try flush(section) }
            case .append:
                break
            case .pend:
                try writer?.write(frame)
            }
            index += 1
        }

        mutating func end(section: Int) throws {
            let verified = bundle.sections[section]
            guard index == verified.hashes.count else { throw changed("stream \(verified.info.stream) has fewer events") }
            try flush(section)
            if let w = writer { writers.append(w) }
            writer = nil
        }

        /// Hands the waiting frames to the store as one run.
        private mutating func flush(_ section: Int) throws {
            guard !offsets.isEmpty else { return }
            let s = bundle.sections[section]
            let last = runFirst + offsets.count - 1
            try append(VerifiedRun(stream: s.info.stream, firstSeq: s.info.firstSeq + UInt64(runFirst),
                                   firstPrevious: runFirst == 0 ? s.firstPrevious : s.hashes[runFirst - 1],
                                   lastHash: s.hashes[last], frames: frames, frameOffsets: offsets))
            frames.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
        }
    }
}
