import ArgumentParser
import SelarasLog
import SelarasModel

/// `selaras init`: creates a replica.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new store (a replica) for a kelurahan.",
        discussion: HelpText.reflow("""
        Makes the store directory with a new random replica id and Ed25519 signing key.
        The kelurahan must be one of Balikpapan's 34 (for example Manggar, Sepinggan Baru).

        Example:
          selaras init --store lap1 --kelurahan Manggar --label "Posyandu Melati 3 laptop"
        """)
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The kelurahan this laptop serves.", valueName: "NAME"))
    var kelurahan: String

    @Option(help: ArgumentHelp("A name for people, e.g. the posyandu and laptop.", valueName: "TEXT"))
    var label: String = ""

    func run() throws {
        let kel = try Kelurahan.argument(kelurahan, listAll: true)
        let store = try Store.create(at: storeOptions.directory, kelurahan: kel, label: label)
        print("created replica \(store.replica) for \(kel.name) (\(kel.kecamatan)) in \(storeOptions.directory)")
    }
}
