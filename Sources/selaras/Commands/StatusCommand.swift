import ArgumentParser
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasSync

/// `selaras status`.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the replica, its kelurahan, record counts and version vector.",
        discussion: "Example:\n  selaras status --store lap1 --json"
    )
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try storeOptions.open()
        // The persisted summary (checked against the logs, caught up or rebuilt): no full fold.
        let summary = try StoreSummary.load(for: store).summary
        let counts = summary.counts
        // The same rule as the datasets: a check whose child (after same-as) is voided or not
        // here yet is not shown, so it is not counted as active either.
        let hidden = summary.checksWithoutVisibleChild
        let vv = store.versionVector
        let waiting = try PendingArea(store: store).segments().filter { $0.lastSeq > vv[$0.stream] }
        func missing(_ seg: PendingArea.Segment) -> String {
            "\(seg.stream.origin) \(Kelurahan(code: seg.stream.kelurahanCode)?.name ?? "?"): holding seq \(seg.firstSeq)…\(seg.lastSeq), missing \(vv[seg.stream] + 1)…\(seg.firstSeq - 1)"
        }
        if json {
            var kinds: [String: Any] = [:]
            for k in RecordKind.allCases { kinds[k.name] = ["active": counts[k]!.active, "voided": counts[k]!.voided] }
            let o: [String: Any] = [
                "replica": store.replica.description, "label": store.metadata.label,
                "kelurahan": store.metadata.kelurahan.name, "kecamatan": store.metadata.kelurahan.kecamatan,
                "records": kinds, "events": vv.totalEvents, "checks_without_child": hidden,
                "version_vector": Dictionary(uniqueKeysWithValues: vv.streams.map { ($0.description, vv[$0]) }),
                "waiting": waiting.map { ["stream": $0.stream.description, "first": $0.firstSeq, "last": $0.lastSeq, "missing_from": vv[$0.stream] + 1] },
            ]
            print(EventJSON.line(o))
            return
        }
        print("replica    \(store.replica)\(store.metadata.label.isEmpty ? "" : "  (\(store.metadata.label))")")
        print("kelurahan  \(store.metadata.kelurahan.name), \(store.metadata.kelurahan.kecamatan)")
        print("records    children \(counts[.child]!.active), growth checks \(counts[.growthCheck]!.active), house surveys \(counts[.houseSurvey]!.active)"
              + (counts.values.contains { $0.voided > 0 } ? "  (voided: \(counts[.child]!.voided)/\(counts[.growthCheck]!.voided)/\(counts[.houseSurvey]!.voided))" : ""))
        if hidden > 0 {
            print("           \(hidden) growth check\(hidden == 1 ? "" : "s") not shown: the child was voided or has not arrived")
        }
        print("events     \(vv.totalEvents) in \(vv.streams.count) streams")
        for s in vv.streams {
            let kel = Kelurahan(code: s.kelurahanCode)?.name ?? "kelurahan \(s.kelurahanCode)"
            print("  \(s.origin)  \(kel): \(vv[s])\(s.origin == store.replica ? "  (this laptop)" : "")")
        }
        if !waiting.isEmpty {
            print("waiting    events that arrived before earlier ones (they are applied when the gap fills):")
            for seg in waiting { print("  " + missing(seg)) }
        }
    }

}
