import ArgumentParser
import Foundation
import SelarasAnthro
import SelarasDemo
import SelarasExport
import SelarasExporters
import SelarasLog
import SelarasMerge

/// `selaras demo`.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Make a realistic small data set on this machine and show what Selaras does with it.", usage: "selaras demo [--dir <DIR>] [--seed <seed>] [--hub]\n        [--hub-port <hub-port>] [--hub-seconds <N>]",
        discussion: HelpText.reflow("""
        Creates three laptops' stores in two kelurahan (Manggar and Sepinggan Baru): about 200
        children with twelve months of plausible growth (about one in five stunted) and about 30
        RTLH surveys, all through the same validation as `selaras child add` and friends.
        Then the laptops sync by bundle files: lap1 and lap2 rename the same child at the same
        time and both register the same newborn; the bundles reach the office in a shuffled
        order; the office merges and shows the conflict and the duplicate with the commands that
        resolve them. Nothing here is a real person.

        With --hub, a hub then starts on loopback, the laptops enrol (a cadre per kelurahan, and
        the office) and sync with it over HTTP, and the dashboard's login link is printed; the
        hub serves until Ctrl-C (or for --hub-seconds).

        Example:
          selaras demo --dir /tmp/selaras-demo
          selaras demo --dir /tmp/selaras-demo --hub --hub-port 8080
        """)
    )
    @Option(help: ArgumentHelp("Where to create the laptops' stores (default: a new temporary directory).", valueName: "DIR"))
    var dir: String?
    @Option(help: "Random seed (the same seed gives the same people and measurements).") var seed: UInt64 = 2025
    @Flag(help: "Then start a hub on loopback, enrol and sync the laptops over HTTP, and serve the dashboard.") var hub = false
    @Option(help: "The hub's port (0 picks a free one).") var hubPort = 0
    @Option(help: ArgumentHelp("Stop the hub after this many seconds (default: serve until Ctrl-C).", valueName: "N")) var hubSeconds: Int?

    func validate() throws {
        if !hub, hubSeconds != nil || hubPort != 0 { throw ValidationError("--hub-port and --hub-seconds need --hub") }
        if let hubSeconds, hubSeconds < 0 { throw ValidationError("--hub-seconds: \(hubSeconds) is negative; allowed: 0 or more") }
        if !(0...65535).contains(hubPort) { throw ValidationError("--hub-port: \(hubPort) is not a port; allowed: 0…65535") }
    }

    func run() async throws {
        let base = dir ?? NSTemporaryDirectory() + "selaras-demo-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        print("Selaras demo in \(base)\n")
        let laptops = try DemoBuilder(directory: base, seed: seed).build { print("  " + $0) }
        let children = laptops.map(\.children).reduce(0, +)
        let stunted = laptops.map(\.stuntedChildren).reduce(0, +)
        print("""

        \(laptops.count) laptops, \(children) children, \(laptops.map(\.checks).reduce(0, +)) growth checks, \
        \(laptops.map(\.surveys).reduce(0, +)) RTLH surveys; \(stunted) of \(children) children \
        (\(children == 0 ? 0 : stunted * 100 / children) %) stunted at their latest check.
        """)
        print("\nSync by bundle files (no network):")
        let sync = try DemoSync(directory: base, seed: seed).run()
        for step in sync.steps { print("  " + step) }
        print("  state digest: office \(sync.officeDigest.description.prefix(16))…, lap3 \(sync.laptopDigest.description.prefix(16))…"
              + (sync.officeDigest == sync.laptopDigest ? " (equal)" : " (DIFFERENT)"))
        print("\nAt the office: \(sync.conflicts) conflict\(sync.conflicts == 1 ? "" : "s"), \(sync.duplicates) possible duplicate\(sync.duplicates == 1 ? "" : "s").")
        print("  selaras conflicts --store \(sync.office)")
        print("  selaras resolve \(sync.conflictedChild) name \"…the right name…\" --store \(sync.office)")
        print("  selaras duplicates --store \(sync.office)")
        print("  selaras same-as \(sync.duplicatePair.0) \(sync.duplicatePair.1) --store \(sync.office)")
        print("  selaras show \(sync.conflictedChild) --store \(sync.office)")
        // Every export format, from the office's merged store.
        print("\nExports from the office (analyst tier unless noted), in \(base)/exports:")
        let office = try Store.open(at: sync.office)
        let state = try ConsolidatedState(store: office)
        let standards = try GrowthStandards.bundled()
        for exporter in ExporterRegistry.all {
            for tier in exporter.format == "xlsx" || !exporter.tiers.contains(.analyst) ? [ExportTier.office] : [ExportTier.analyst] {
                var options = DatasetOptions(pseudonymKey: office.derivedSecret(label: "pseudonyms"))
                options.tier = tier
                let dataset = Dataset(state: state, standards: standards, options: options)
                let dir = "\(base)/exports/\(exporter.format)-\(tier.rawValue)"
                let files = try ExportRunner.run(exporter, dataset: dataset, directory: dir)
                print("  \(exporter.format) (\(tier.rawValue)):")
                for f in files { print("    \(f.name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(f.bytes) bytes") }
            }
        }
        office.close()
        print("""

        Try:
          selaras status --store \(laptops[0].directory)
          selaras log --store \(laptops[0].directory) | head
          selaras verify --store \(laptops[0].directory)
        """)
        if let child = laptops[0].sampleChild {
            print("  selaras correct \(child) --store \(laptops[0].directory) --mother \"Siti Rahmawati\" --reason \"spelling\"")
        }
        if hub {
            try await runHub(base: base, laptops: laptops.map { ($0.directory, $0.label, $0.kelurahan) }, office: sync.office)
        }
    }
}
