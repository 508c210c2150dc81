import ArgumentParser
import SelarasLog
import SelarasMerge
import SelarasModel

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
        let state = try ConsolidatedState(store: store)
        let counts = state.counts()
        let vv = store.versionVector
        if json {
            var kinds: [String: Any] = [:]
            for k in RecordKind.allCases { kinds[k.name] = ["active": counts[k]!.active, "voided": counts[k]!.voided] }
            let o: [String: Any] = [
                "replica": store.replica.description, "label": store.metadata.label,
                "kelurahan": store.metadata.kelurahan.name, "kecamatan": store.metadata.kelurahan.kecamatan,
                "records": kinds, "events": vv.totalEvents,
                "version_vector": Dictionary(uniqueKeysWithValues: vv.streams.map { ($0.description, vv[$0]) }),
            ]
            print(EventJSON.line(o))
            return
        }
        print("replica    \(store.replica)\(store.metadata.label.isEmpty ? "" : "  (\(store.metadata.label))")")
        print("kelurahan  \(store.metadata.kelurahan.name), \(store.metadata.kelurahan.kecamatan)")
        print("records    children \(counts[.child]!.active), growth checks \(counts[.growthCheck]!.active), house surveys \(counts[.houseSurvey]!.active)"
              + (counts.values.contains { $0.voided > 0 } ? "  (voided: \(counts[.child]!.voided)/\(counts[.growthCheck]!.voided)/\(counts[.houseSurvey]!.voided))" : ""))
        print("events     \(vv.totalEvents) in \(vv.streams.count) streams")
        for s in vv.streams {
            let kel = Kelurahan(code: s.kelurahanCode)?.name ?? "kelurahan \(s.kelurahanCode)"
            print("  \(s.origin)  \(kel): \(vv[s])")
        }
    }
}
