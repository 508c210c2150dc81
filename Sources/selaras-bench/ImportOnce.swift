import ArgumentParser
import Foundation
import SelarasLog
import SelarasModel
import SelarasSync

/// `selaras-bench import-once --bundle FILE --store DIR`: imports one bundle into a new store,
/// in its own process, and prints the time and the process's peak memory (VmHWM).
struct ImportOnce: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-once",
        abstract: "Import one bundle into a new store; print the time and the peak memory.")

    @Option(help: "The bundle file.") var bundle: String
    @Option(help: "The new store's directory (must not exist).") var store: String

    func run() throws {
        let before = Measure.peakMemoryMiB()
        let target = try Store.create(at: store, kelurahan: Kelurahan(name: "Manggar")!, label: "bench import")
        let t = Measure.now()
        let s = try BundleImporter(store: target).importFile(bundle)
        let seconds = Measure.now() - t
        let fileMiB = Double(Measure.fileSize(bundle)) / 1_048_576
        print("import \(Measure.fmt(fileMiB, 1)) MiB bundle (\(s.appended) events appended, \(s.newlyPending) to pending) in \(Measure.fmt(seconds, 2)) s: "
              + "peak memory \(Measure.fmt(Measure.peakMemoryMiB(), 1)) MiB (\(Measure.fmt(before, 1)) MiB before the import)")
    }
}
