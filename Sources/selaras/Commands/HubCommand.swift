import ArgumentParser
import Foundation
import Logging
import SelarasHub
import SelarasHubProtocol
import SelarasLog
import SelarasModel

/// `selaras hub serve|enrol|devices|revoke|audit|migrate`: the office's hub.
struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Run the office's hub: laptops sync over HTTP, analysts download exports.",
        discussion: HelpText.reflow("""
        The hub is a replica like any laptop (same store, same bundles, same exporters) with an
        HTTP face. Devices enrol with a one-time code; each gets a role: cadre (syncs its own
        kelurahan only), office (syncs everything, downloads both export tiers) or analyst
        (downloads analyst-tier exports only).

        Example (on the office machine):
          selaras hub serve --store hub --host 0.0.0.0 --port 8080
          selaras hub enrol --store hub --role cadre --kelurahan Manggar
          selaras hub devices --store hub
          selaras hub revoke --store hub 3b1f0c9a2e4d5f60
        """),
        subcommands: [Serve.self, Enrol.self, LoginLink.self, Devices.self, Revoke.self, Audit.self, Migrate.self]
    )

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the hub until SIGTERM or Ctrl-C (requests in flight finish first).", usage: "selaras hub serve [--store <DIR>] [--host <host>] [--port <port>]\n        [--max-upload-mb <max-upload-mb>] [--pseudonym-key <FILE>]\n        [--database <URL>]",
            discussion: HelpText.reflow("""
            Creates the hub's store when DIR does not exist yet. Prints the URL it listens on; --port 0 picks a free port.

            With --database (or SELARAS_DATABASE) the hub's data (events, devices, codes, audit log) is in PostgreSQL \
            (run `selaras hub migrate` first) and DIR keeps only the hub's identity (replica id, signing key): \
            several processes, each with a copy of DIR, serve one database. The password is never printed.
            """))
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The address to listen on (0.0.0.0 for every network).") var host = "127.0.0.1"
        @Option(help: "The port (0 picks a free one).") var port = 8080
        @Option(name: .customLong("max-upload-mb"), help: "The largest bundle a device may upload, in MiB.") var maxUploadMB = 256
        @Option(name: .customLong("pseudonym-key"), help: ArgumentHelp("The office's pseudonym key file for analyst exports.", valueName: "FILE"))
        var pseudonymKey: String?
        @Option(help: ArgumentHelp("The hub's PostgreSQL database (postgresql://USER[:PASSWORD]@HOST[:PORT]/DB); default: $SELARAS_DATABASE, else the file store in DIR.", valueName: "URL"))
        var database: String?

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port: \(port) is not a port (0…65535)") }
            guard maxUploadMB >= 1 else { throw ValidationError("--max-upload-mb: \(maxUploadMB) must be at least 1") }
        }

        func run() async throws {
            let dir = storeOptions.directory
            if port != 0 { try Self.checkCanListen(host: host, port: port) }
            if !FileManager.default.fileExists(atPath: dir + "/replica") {
                let store = try Store.create(at: dir, kelurahan: Kelurahan(code: 1)!, label: "hub")
                Terminal.error("selaras: created the hub's store \(dir) (replica \(store.replica))")
                store.close()
            }
            LoggingSystem.bootstrap { label in
                var h = StreamLogHandler.standardError(label: label)
                h.logLevel = .info
                return h
            }
            var config = HubConfiguration()
            config.host = host
            config.port = port
            config.maxUploadBytes = maxUploadMB << 20
            config.pseudonymKey = try pseudonymKey.map(ExportCommand.readKey)
            if let address = try Self.databaseAddress(database) {
                return try await Self.serve(database: address, directory: dir, host: host, configuration: config)
            }
            let hub = try await Hub(storeDirectory: dir, configuration: config)
            let host = self.host
            defer { HubAddress.remove(storeDirectory: dir) }
            do {
                try await HubServer.run(hub: hub) { bound in
                    try? HubAddress.write(HubAddress.url(host: host, port: bound), storeDirectory: dir)
                    Terminal.writeStdout("selaras hub \(hub.replica) listening on http://\(host):\(bound)\n")
                }
            } catch let e as HubError { throw e } catch {
                // The listener's own errors (bind, accept) arrive raw from the network library.
                throw CLIError.failure("the hub at \(host):\(port) stopped: \(CLIError.sentence(String(describing: error)))")
            }
        }
    }

    struct Enrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a one-time enrolment code (valid 24 hours) for a laptop.",
            usage: "selaras hub enrol [--store <DIR>] --role <role> [--kelurahan <NAME>]\n        [--database <URL>]",
            discussion: "Give the code to the laptop's user, who runs `selaras enrol --hub URL --code CODE`. Works while the hub runs.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "cadre, office or analyst.") var role: String
        @Option(help: ArgumentHelp("The kelurahan a cadre's laptop serves (cadre only).", valueName: "NAME")) var kelurahan: String?
        @Option(help: ArgumentHelp("The hub's PostgreSQL database, when it serves one (default: $SELARAS_DATABASE).", valueName: "URL"))
        var database: String?

        func run() async throws {
            guard let r = HubRole(rawValue: role) else { throw CLIError.badInput("--role: '\(role)' is not a role; allowed: cadre, office, analyst") }
            var kel: Kelurahan? = nil
            if let kelurahan {
                guard r == .cadre else { throw CLIError.badInput("--kelurahan is only for the cadre role (office and analyst see every kelurahan)") }
                kel = try Kelurahan.argument(kelurahan)
            } else if r == .cadre {
                throw CLIError.badInput("--kelurahan NAME is required for the cadre role (a cadre syncs only its own kelurahan)")
            }
            let code: String
            if let address = try Serve.databaseAddress(database) {
                code = try await HubCommand.createEnrolment(database: address, role: r, kelurahan: kel)
            } else {
                code = try RegistryFile(storeDirectory: storeOptions.directory).createEnrolment(role: r, kelurahan: kel)
            }
            print("enrolment code: \(code)")
            print("role \(r.rawValue)\(kel.map { ", kelurahan \($0.name)" } ?? ""); works once, for 24 hours")
            if let url = HubAddress.read(storeDirectory: storeOptions.directory) {
                print("on the laptop: selaras enrol --hub \(url) --code \(code)")
            } else {
                print("on the laptop: selaras enrol --hub http://HUB:PORT --code \(code)  (the hub is not running: `selaras hub serve` prints its address)")
            }
        }
    }

    struct LoginLink: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "login-link",
            abstract: "Print a one-time dashboard login link (works once, for 10 minutes).",
            discussion: "Opening the link sets a session cookie and shows the dashboard; the code never stays in the address bar. The session may download every export (both tiers); the audit log names it by its id and the --for name.\n\nExample:\n  selaras hub login-link --store hub --url http://127.0.0.1:8080 --for \"Bu Rina (gizi)\"")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The hub's address, to print a whole link.") var url: String?
        @Option(name: .customLong("for"), help: "Who the link is for (one line, at most 100 characters): written in the audit log with each download of the session.")
        var label: String = ""

        func run() throws {
            let code = try LoginCodes(registry: RegistryFile(storeDirectory: storeOptions.directory)).create(label: label)
            let base = url ?? HubAddress.read(storeDirectory: storeOptions.directory)
            print((base.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "") + HubAPI.loginPath + "?code=" + code)
        }
    }

    struct Devices: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List enrolled devices: role, kelurahan, last sync.")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "JSON instead of a table.") var json = false

        func run() throws {
            let devices = try RegistryFile(storeDirectory: storeOptions.directory).read().sortedDevices
            if json { return try HubCommand.printJSON(devices.map(\.info)) }
            guard !devices.isEmpty else { print("no devices enrolled; make a code with `selaras hub enrol`"); return }
            func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
            print(pad("DEVICE", 17) + " " + pad("ROLE", 8) + " " + pad("KELURAHAN", 20) + " " + pad("LAST SYNC", 25) + " STATUS   LABEL")
            for d in devices {
                let i = d.info
                print(pad(i.device, 17) + " " + pad(i.role.rawValue, 8) + " " + pad(i.kelurahanName ?? "(all)", 20) + " "
                      + pad(i.lastSync ?? "never", 25) + " " + pad(i.revoked ? "revoked" : "active", 8) + " " + i.label)
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a device's access at once (its data stays in the hub's store).",
            discussion: "Takes effect on the device's next request, also while the hub runs.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The device id (16 hex digits, from `selaras hub devices`).") var id: String

        func run() throws {
            guard let rid = ReplicaID(hex: id) else { throw CLIError.badInput("'\(id)' is not a device id (16 hex digits)") }
            let d = try RegistryFile(storeDirectory: storeOptions.directory).revoke(rid)
            print("revoked device \(d.id) (\(d.role.rawValue)\(d.label.isEmpty ? "" : ", \(d.label)")); its data stays in the hub")
        }
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List export downloads: who, when, what.")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "JSON instead of lines.") var json = false

        func run() throws {
            let reg = try RegistryFile(storeDirectory: storeOptions.directory)
            let entries = try AuditLog(directory: reg.directory).entries()
            if json { return try HubCommand.printJSON(entries) }
            for e in entries { print("\(e.at)  \(e.who)  \(e.role.rawValue)  \(e.format) \(e.tier)  \(e.bytes) bytes  sha256 \(e.sha256)") }
            if entries.isEmpty { print("no downloads yet") }
        }
    }

    /// Prints a value as pretty, key-sorted JSON on stdout.
    static func printJSON(_ value: some Encodable) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        print(String(decoding: try e.encode(value), as: UTF8.self))
    }
}
