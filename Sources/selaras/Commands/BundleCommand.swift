import ArgumentParser
import Foundation
import SelarasLog
import SelarasModel
import SelarasSync

/// `selaras bundle create|import|inspect`.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Exchange records as files (USB stick, chat attachment) when there is no network.",
        discussion: HelpText.reflow("""
        A bundle is one signed, compressed file of events. Import checks everything (digest,
        signatures, hash chains, every event) before it adds anything, so a damaged or altered
        file changes nothing. Importing the same bundle twice, or bundles in any order, is safe.

        Examples:
          selaras bundle create --store lap1 --out lap1-for-office.slb --for 3b1f0c9a2e4d5f60
          selaras state --store office --out office.state    # on the office laptop
          selaras bundle create --store lap1 --out lap1.slb --since office.state
          selaras bundle import --store office lap1.slb lap2.slb
          selaras bundle inspect lap1.slb
        """),
        subcommands: [Create.self, Import.self, Inspect.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a bundle of what a peer lacks (or of everything).", usage: "selaras bundle create [--store <DIR>] --out <FILE> [--for <PEER>]\n        [--since <STATE_FILE>] [--all]",
            discussion: HelpText.reflow("""
            --for PEER uses what this store last learned from that peer (from its bundles or state
            file); --since STATE_FILE uses a state file the peer wrote; --all sends everything.
            Only the events the peer lacks are read: the cost follows the size of the delta.
            """))
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp("The bundle file to write.", valueName: "FILE")) var out: String
        @Option(name: .customLong("for"), help: ArgumentHelp("A peer's replica id (16 hex digits).", valueName: "PEER"))
        var peer: String?
        @Option(help: ArgumentHelp("A peer's state file (from `selaras state --out`).", valueName: "STATE_FILE"))
        var since: String?
        @Flag(help: "Everything this store holds.") var all = false

        func validate() throws {
            let chosen = [peer != nil, since != nil, all].filter { $0 }.count
            guard chosen == 1 else { throw ValidationError("choose exactly one of --for PEER, --since STATE_FILE or --all") }
        }

        func run() throws {
            let store = try storeOptions.open()
            var state = try SyncState.load(store)
            var assumed = VersionVector()
            var target = "everything"
            if let peer {
                guard let id = ReplicaID(hex: peer) else { throw CLIError.badInput("--for: '\(peer)' is not a replica id (16 hex digits)") }
                guard let known = state.peers[id] else {
                    throw CLIError.badInput("--for: this store has never heard from replica \(peer); use --since with its state file, or --all")
                }
                assumed = known
                target = "what \(peer) lacks"
            } else if let since {
                guard let data = FileManager.default.contents(atPath: since) else { throw CLIError.failure("\(since): cannot be read") }
                let file = try ReplicaStateFile.decode(Array(data), name: since)
                assumed = file.versionVector
                state.peers[file.replica] = (state.peers[file.replica] ?? VersionVector()).merged(with: file.versionVector)
                try state.save(store)
                target = "what \(file.replica) lacks"
            }
            let bar = ProgressBar("writing bundle")
            let summary = try BundleWriter(store: store, state: state).write(to: out, assumed: assumed) { bar.update(Int($0), Int(max($1, 1))) }
            print("wrote \(out): \(summary.events) events from \(summary.streams) streams (\(target)), \(summary.fileBytes) bytes (\(summary.uncompressedBytes) before compression)")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify and import bundle files, in any order.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Bundle files.") var files: [String]

        func run() throws {
            guard !files.isEmpty else { throw CLIError.badInput("give at least one bundle file") }
            let store = try storeOptions.open()
            var failed = false
            for file in files {
                do {
                    let s = try BundleImporter(store: store).importFile(file)
                    if s.nothingNew {
                        print("\(file): nothing new (\(s.alreadyHeld) events already here)")
                    } else {
                        print("\(file): \(s.appended) new events\(s.pending > 0 ? ", \(s.pending) waiting for earlier events (see `selaras status`)" : "")")
                    }
                } catch let e as SyncError where e.code != .io && CLIError.diskFull(e) == nil {
                    // A refused bundle: report it and go on with the others.
                    Terminal.error("selaras: \(e.message)")
                    failed = true
                }
            }
            if failed { throw CLIError(exitCode: 2, message: "some bundles were refused (see above); the others were imported") }
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify a bundle and show what it holds, without importing it.")
        @Argument(help: "The bundle file.") var file: String

        func run() throws {
            let b = try VerifiedBundle.read(file)
            let h = b.header
            print("bundle \(file): \(b.fileBytes) bytes, verified (digest, signatures, hash chains, every event)")
            print("made by   \(h.creator) at \(WallClock.iso8601(milliseconds: h.createdAt))")
            print("assumed   \(h.assumed)")
            print("covers    \(h.covers)")
            for s in h.sections {
                let kel = Kelurahan(code: s.stream.kelurahanCode)?.name ?? "?"
                print("  \(s.stream.origin)  \(kel): seq \(s.firstSeq)…\(s.head.seq) (\(s.count) events)")
            }
        }
    }
}

/// `selaras state --out FILE`.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Write this replica's version vector to a file, for a peer to make a bundle of what it lacks.",
        discussion: "Example:\n  selaras state --store office --out office.state\n  (then on a laptop: selaras bundle create --since office.state --out lap1.slb)")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The file to write.", valueName: "FILE")) var out: String

    func run() throws {
        let store = try storeOptions.open()
        let file = ReplicaStateFile(replica: store.replica, versionVector: store.versionVector)
        guard FileManager.default.createFile(atPath: out, contents: Data(file.encoded)) else {
            throw CLIError.failure("\(out): cannot be written")
        }
        print("wrote \(out): replica \(store.replica), \(store.versionVector.totalEvents) events in \(store.versionVector.streams.count) streams")
    }
}
