import Dispatch
import SelarasModel

extension StreamLog {
    /// What a full check of one stream found.
    struct VerifyStats {
        var events: UInt64 = 0
        var bytes: UInt64 = 0
    }

    /// What one slice of a parallel check found.
    private struct SliceResult {
        var firstPrevious = EventHash.zero
        var lastHash = EventHash.zero
        var end: UInt64 = 0
        var error: StoreError?
    }

    /// Reads every frame of the log: checksum, canonical decoding, seq continuity, hash chain,
    /// and the index entry of each event. Large logs are checked in slices on all cores; the
    /// slices' chain ends are then joined, so the result is the same as one sequential pass.
    /// - Throws: ``StoreError`` `.corrupt` or `.chainBroken` naming the byte offset and seq.
    /// - Complexity: O(log size), streaming through a fixed buffer per core.
    func verify() throws -> VerifyStats {
        let size: UInt64
        do { size = try fs.size(fd) } catch {
            throw StoreError(.io, "could not read \(logPath)", underlying: error as? SystemCallError)
        }
        let n = offsets.count
        let slices = n >= 65_536 ? max(1, min(8, System.activeProcessorCount)) : 1
        // Slice k covers seqs bounds[k]+1 … bounds[k+1].
        let bounds = (0...slices).map { n * $0 / slices }
        var results = [SliceResult](repeating: SliceResult(), count: slices)
        nonisolated(unsafe) let fs = self.fs
        nonisolated(unsafe) var shared = results
        let fd = self.fd, stream = self.stream, logPath = self.logPath, indexPath = self.indexPath, offsets = self.offsets
        shared.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: slices) { k in
                out[k] = StreamLog.verifySlice(fs: fs, fd: fd, path: logPath, indexPath: indexPath, stream: stream,
                                               offsets: offsets, fileSize: size, from: bounds[k], to: bounds[k + 1],
                                               isLast: k == slices - 1)
            }
        }
        results = shared
        var previous = EventHash.zero
        for (k, r) in results.enumerated() {
            if let e = r.error { throw e }
            guard r.firstPrevious == previous else {
                throw StoreError(.chainBroken, "\(logPath): seq \(bounds[k] + 1) does not name the hash of seq \(bounds[k])")
            }
            if k + 1 < results.count, r.end != offsets[bounds[k + 1]] {
                throw StoreError(.corrupt, "\(indexPath): the index entry of seq \(bounds[k + 1] + 1) is wrong; delete the .idx file to rebuild it")
            }
            previous = r.lastHash
        }
        let end = results.last?.end ?? UInt64(Frame.logHeaderSize)
        guard end == size else {
            throw StoreError(.corrupt, "\(logPath): \(size - end) bytes follow the last acknowledged event (seq \(n))")
        }
        return VerifyStats(events: UInt64(n), bytes: size)
    }

    private static func verifySlice(fs: FileSystem, fd: Int32, path: String, indexPath: String, stream: StreamID,
                                    offsets: [UInt64], fileSize: UInt64, from: Int, to: Int, isLast: Bool) -> SliceResult {
        var result = SliceResult()
        var scanner = FrameScanner(fs: fs, fd: fd, path: path, fileSize: fileSize)
        var position = from < offsets.count ? offsets[from] : UInt64(Frame.logHeaderSize)
        if from == 0 { position = UInt64(Frame.logHeaderSize) }
        result.end = position
        var prev: EventHash? = nil
        var seq = UInt64(from)
        func fail(_ code: StoreError.Code, _ message: String) -> SliceResult {
            var r = result
            r.error = StoreError(code, message)
            return r
        }
        while seq < UInt64(to) {
            let outcome: FrameScanner.Outcome
            do { outcome = try scanner.frame(at: position) } catch {
                return fail(.io, "could not read \(path): \(error)")
            }
            switch outcome {
            case .end:
                return fail(.corrupt, "\(path): holds \(seq) events but \(offsets.count) were acknowledged")
            case .runsPastEnd:
                return fail(.corrupt, "\(path): the frame after seq \(seq) at byte \(position) runs past the end of the file")
            case .bad(let what):
                return fail(.corrupt, "\(path): the frame after seq \(seq) at byte \(position): \(what)")
            case .frame(let payload, let next):
                let event: Event
                do { event = try Event.decode(payload) } catch {
                    return fail(.corrupt, "\(path): the frame of seq \(seq + 1) at byte \(position) does not decode: \(error.message)")
                }
                guard event.dot == Dot(stream: stream, seq: seq + 1) else {
                    return fail(.chainBroken, "\(path): byte \(position) holds \(event.dot) where seq \(seq + 1) belongs")
                }
                if let p = prev {
                    guard event.previousHash == p else {
                        return fail(.chainBroken, "\(path): seq \(seq + 1) at byte \(position) does not name the hash of seq \(seq)")
                    }
                } else {
                    result.firstPrevious = event.previousHash
                }
                guard offsets[Int(seq)] == position else {
                    return fail(.corrupt, "\(indexPath): the index entry of seq \(seq + 1) is wrong; delete the .idx file to rebuild it")
                }
                prev = EventHash.of(payload)
                result.lastHash = prev!
                seq += 1
                position = next
                result.end = next
            }
        }
        return result
    }
}

import Foundation

enum System {
    /// Cores available to this process.
    static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}
