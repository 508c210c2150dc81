import ArgumentParser
import Foundation
import SelarasDemo

/// `selaras demo`.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Make a realistic small data set on this machine and show what Selaras does with it.",
        discussion: """
        Creates three laptops' stores in two kelurahan (Manggar and Sepinggan Baru): about 200
        children with twelve months of plausible growth (about one in five stunted) and about 30
        RTLH surveys, all through the same validation as `selaras child add` and friends.
        Nothing here is a real person.

        Example:
          selaras demo --dir /tmp/selaras-demo
        """
    )
    @Option(help: ArgumentHelp("Where to create the laptops' stores (default: a new temporary directory).", valueName: "DIR"))
    var dir: String?
    @Option(help: "Random seed (the same seed gives the same people and measurements).") var seed: UInt64 = 2025

    func run() throws {
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

        Try:
          selaras status --store \(laptops[0].directory)
          selaras log --store \(laptops[0].directory) | head
          selaras verify --store \(laptops[0].directory)
        """)
        if let child = laptops[0].sampleChild {
            print("  selaras correct \(child) --store \(laptops[0].directory) --mother \"Siti Rahmawati\" --reason \"spelling\"")
        }
    }
}
