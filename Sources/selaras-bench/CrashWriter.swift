import ArgumentParser
import Foundation
import SelarasLog
import SelarasModel
#if canImport(Glibc)
import Glibc
#endif

/// `selaras-bench crash-writer`: appends forever, printing `acked SEQ` after each durable
/// append. The crash test kills it with SIGKILL at random moments.
struct CrashWriter: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "crash-writer", abstract: "Append until killed, printing each acknowledged seq.")
    @Option var store: String
    @Option(help: "Events per append call (1 = one fdatasync per event; more = batched).") var batch = 1

    func run() throws {
        let kel = Kelurahan(name: "Manggar")!
        if !FileManager.default.fileExists(atPath: store + "/replica") {
            // Killed while creating the store last time: nothing was acknowledged; start again.
            try? FileManager.default.removeItem(atPath: store)
        }
        let s = FileManager.default.fileExists(atPath: store + "/replica")
            ? try Store.open(at: store) : try Store.create(at: store, kelurahan: kel, label: "crash")
        let stream = StreamID(origin: s.replica, kelurahanCode: kel.code)
        let child = SampleEvents.child(s.replica, kelurahan: kel.code)
        var next = Int(s.versionVector[stream]) + 1
        while true {
            let drafts = (next..<next + batch).map { SampleEvents.check($0, kelurahan: kel.code, child: child) }
            let events = try s.record(drafts, durability: batch == 1 ? .eachEvent : .batch)
            next += events.count
            var line = "acked \(events.last!.dot.seq)\n"
            line.withUTF8 { p in _ = write(1, p.baseAddress, p.count) }  // unbuffered: the line means "acknowledged"
        }
    }
}

/// `selaras-bench crash-check --store DIR --acked N`: after a kill, the store must open, verify
/// sound and hold events 1…N exactly as the writer made them.
struct CrashCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "crash-check", abstract: "Check a store after a kill.")
    @Option var store: String
    @Option var acked: Int

    func run() throws {
        let s = try Store.open(at: store)
        let report = s.verify()
        guard report.isSound else { throw ValidationError("not sound: \(report.problems.joined(separator: "; "))") }
        let kel = Kelurahan(name: "Manggar")!
        let stream = StreamID(origin: s.replica, kelurahanCode: kel.code)
        let events = try s.events(in: stream)
        guard events.count >= acked else { throw ValidationError("LOST: \(acked) acknowledged, \(events.count) present") }
        let child = SampleEvents.child(s.replica, kelurahan: kel.code)
        for e in events {
            let expected = SampleEvents.check(Int(e.dot.seq), kelurahan: kel.code, child: child)
            guard e.operation == expected.operation, e.recordedAt == expected.recordedAt else {
                throw ValidationError("ALTERED: event \(e.dot) differs from what was written")
            }
        }
        print("ok \(events.count) events (\(acked) acknowledged)\(s.recoveryNotes.isEmpty ? "" : "; " + s.recoveryNotes.map(\.description).joined(separator: "; "))")
    }
}
