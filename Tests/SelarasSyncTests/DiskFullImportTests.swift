#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import SelarasLog
import SelarasModel
import SelarasSync
import SelarasTestSupport

@Suite("Bundle import on a full disk")
struct DiskFullImportTests {
    /// The `errno` of the system call at the end of an error's chain of causes.
    static func errno(in error: any Error) -> Int32? {
        var next: (any Error)? = error
        while let e = next {
            if let s = e as? SystemCallError { return s.errno }
            next = (e as? StoreError)?.underlying ?? (e as? SyncError)?.underlying
        }
        return nil
    }

    @Test("every write that can fail with ENOSPC: the error is the disk's (not 'the file changed'), no temporary file is left, and the import completes once there is space")
    func diskFullIsNotBadInput() throws {
        let dir = try ScratchDirectory(prefix: "selaras-diskfull")
        let a = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A")
        try a.record((0..<5).map { SampleRecords.childDraft($0) })
        let bundle = dir.child("a.slb")
        _ = try writeBundle(a, to: bundle)
        var k = 1
        var completed = false
        while !completed && k < 64 {
            let path = dir.child("b\(k)")
            try makeStore(at: path, kelurahan: manggar, label: "B").close()
            let fs = FaultInjectingFileSystem()
            let b = try Store.open(at: path, fileSystem: fs)
            fs.arm(.failWrite(k: k, errno: ENOSPC), persistent: true)
            do {
                _ = try BundleImporter(store: b).importFile(bundle)
                completed = true
                b.close()
            } catch {
                b.close()
                let refusal = error as? SyncError
                #expect(refusal?.code != .forged && refusal?.code != .malformed, "write #\(k): \(error)")
                #expect(Self.errno(in: error) == ENOSPC, "write #\(k): the cause must say the disk is full: \(error)")
                let left = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".tmp") }
                #expect(left.isEmpty, "write #\(k) left \(left)")
                // With space again, the same bundle imports whole.
                let again = try Store.open(at: path)
                _ = try BundleImporter(store: again).importFile(bundle)
                #expect(again.versionVector.totalEvents == 5, "write #\(k)")
                again.close()
            }
            k += 1
        }
        #expect(completed && k > 2, "the loop must reach an import with no failing write after failing some")
    }
}
