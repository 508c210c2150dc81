import SelarasModel

extension StreamLog {
    /// What a full check of one stream found.
    struct VerifyStats {
        var events: UInt64 = 0
        var bytes: UInt64 = 0
    }

    /// Reads every frame of the log: checksum, canonical decoding, seq continuity, hash chain,
    /// and the index entry of each event.
    /// - Throws: ``StoreError`` `.corrupt` or `.chainBroken` naming the byte offset and seq.
    /// - Complexity: O(log size), streaming through a fixed buffer.
    func verify() throws -> VerifyStats {
        let size: UInt64
        do { size = try fs.size(fd) } catch {
            throw StoreError(.io, "could not read \(logPath)", underlying: error as? SystemCallError)
        }
        var scanner = FrameScanner(fs: fs, fd: fd, path: logPath, fileSize: size)
        var position = UInt64(Frame.logHeaderSize)
        var prev = EventHash.zero
        var seq: UInt64 = 0
        while true {
            let outcome: FrameScanner.Outcome
            do { outcome = try scanner.frame(at: position) } catch {
                throw StoreError(.io, "could not read \(logPath)", underlying: error as? SystemCallError)
            }
            switch outcome {
            case .end:
                guard seq == count else {
                    throw StoreError(.corrupt, "\(logPath): holds \(seq) events but \(count) were acknowledged")
                }
                return VerifyStats(events: seq, bytes: size)
            case .runsPastEnd:
                throw StoreError(.corrupt, "\(logPath): the frame after seq \(seq) at byte \(position) runs past the end of the file")
            case .bad(let what):
                throw StoreError(.corrupt, "\(logPath): the frame after seq \(seq) at byte \(position): \(what)")
            case .frame(let payload, let next):
                let event: Event
                do { event = try Event.decode(payload) } catch {
                    throw StoreError(.corrupt, "\(logPath): the frame of seq \(seq + 1) at byte \(position) does not decode: \(error.message)")
                }
                guard event.dot == Dot(stream: stream, seq: seq + 1) else {
                    throw StoreError(.chainBroken, "\(logPath): byte \(position) holds \(event.dot) where seq \(seq + 1) belongs")
                }
                guard event.previousHash == prev else {
                    throw StoreError(.chainBroken, "\(logPath): seq \(seq + 1) at byte \(position) does not name the hash of seq \(seq)")
                }
                guard Int(seq) < offsets.count, offsets[Int(seq)] == position else {
                    throw StoreError(.corrupt, "\(indexPath): the index entry of seq \(seq + 1) is wrong; delete the .idx file to rebuild it")
                }
                prev = EventHash.of(payload)
                seq += 1
                position = next
            }
        }
    }
}
