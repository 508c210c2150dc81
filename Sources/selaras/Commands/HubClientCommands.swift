#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasModel
import SelarasSync

/// `selaras enrol --hub URL --code CODE`: the laptop joins a hub.
struct EnrolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrol",
        abstract: "Enrol this laptop with the office's hub, using a one-time code from the office.",
        usage: "selaras enrol [--store <DIR>] --hub <URL> --code <CODE>\n        [--kelurahan <NAME>] [--label <TEXT>]",
        discussion: HelpText.reflow("""
        Registers this store's public key with the hub and keeps the token it receives in the
        store (file hub-link, readable only by you). The hub's URL is remembered for `selaras sync`.
        When the store does not exist yet, enrol makes it (no `selaras init` first): for an
        analyst or the office, which download and need no kelurahan, nothing more is needed; a
        cadre's laptop gives its kelurahan with --kelurahan.

        Example:
          selaras enrol --store lap1 --hub http://192.168.1.10:8080 --code K7QX-M2PD-9RTA
          selaras enrol --store an1 --hub http://192.168.1.10:8080 --code 3HXT-Q9KD-7MPA
        """))
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The hub's URL.", valueName: "URL")) var hub: String
    @Option(help: ArgumentHelp("The one-time code from `selaras hub enrol`.", valueName: "CODE")) var code: String
    @Option(help: ArgumentHelp("For a new store: the kelurahan a cadre's laptop serves.", valueName: "NAME"))
    var kelurahan: String?
    @Option(help: ArgumentHelp("For a new store: a name for people.", valueName: "TEXT")) var label: String = ""

    func run() async throws {
        let dir = storeOptions.directory
        let isNew = !FileManager.default.fileExists(atPath: dir + "/replica")
        let folderExisted = FileManager.default.fileExists(atPath: dir)
        if isNew {
            // A store for this enrolment. Without --kelurahan it carries the first kelurahan's
            // code as its streams' tag, which only a cadre's records use (and a cadre's code
            // for another kelurahan is refused before it is used).
            let kel = try kelurahan.map { try Kelurahan.argument($0, listAll: true) } ?? Kelurahan.all[0]
            try Store.create(at: dir, kelurahan: kel, label: label).close()
        } else if kelurahan != nil {
            throw CLIError.badInput("--kelurahan is only for a new store; \(dir) already exists (its kelurahan is set by `selaras init`)")
        }
        let store = try storeOptions.open()
        var kept = false
        defer {
            store.close()
            if isNew && !kept { Self.removeNewStore(dir, folder: !folderExisted) }
        }
        let link: HubLink
        do { link = try await LaptopSync.enrol(store: store, url: hub, code: code) } catch let e as HubClientError where isNew && kelurahan == nil && e.code == "wrong-kelurahan" {
            throw CLIError.failure("this code is for a cadre's laptop, which needs its kelurahan: run `selaras enrol --store \(dir) --hub \(hub) --code \(code) --kelurahan NAME` with the code's kelurahan (the code is still unused; nothing was kept in \(dir))")
        }
        kept = true
        if isNew { print("created the store \(dir) (replica \(store.replica)) for this enrolment") }
        let kel = link.kelurahan.flatMap { Kelurahan(code: $0)?.name }
        print("enrolled replica \(store.replica) with hub \(link.hubReplica) at \(link.url) as \(link.role.rawValue)\(kel.map { " for \($0)" } ?? "")")
        if link.role.maySync { print("sync with: selaras sync\(storeOptions.store.map { " --store \($0)" } ?? "")") }
    }
}

extension EnrolCommand {
    /// Removes a store this command made for an enrolment that failed (its files, and with
    /// `folder` the folder it made), so that the next try starts afresh.
    static func removeNewStore(_ dir: String, folder: Bool) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] { try? fm.removeItem(atPath: dir + "/" + name) }
        if folder { _ = rmdir(dir) }
    }
}

/// `selaras sync [--hub URL]`: sync with the hub over HTTP.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync with the office's hub over the network (enrol first).",
        discussion: HelpText.reflow("""
        Sends a bundle of what the hub lacks, receives what this laptop lacks (its own kelurahan
        only for a cadre), and shows how far the office has confirmed this laptop's records
        (from the hub's signed receipt). If the connection breaks, run it again: nothing is lost
        or doubled.

        Example:
          selaras sync --store lap1
        """))
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("Use this hub URL (and remember it) instead of the one from enrolment.", valueName: "URL")) var hub: String?

    func run() async throws {
        let store = try storeOptions.open()
        defer { store.close() }
        var link = try HubLink.load(from: store.directory)
        if let hub, hub != link.url {
            link.url = try HubClient(url: hub).baseURL.absoluteString
            try link.save(in: store.directory)
        }
        nonisolated(unsafe) let writing = ProgressBar("writing bundle")
        nonisolated(unsafe) let sending = ProgressBar("sending      ")
        nonisolated(unsafe) let receiving = ProgressBar("receiving    ")
        let report = try await LaptopSync.sync(store: store, link: link) { phase in
            switch phase {
            case .writing(let a, let b): writing.update(Int(a), Int(max(b, 1)))
            case .sending(let a, let b): if b > 0 { sending.update(Int(a), Int(b)) }
            case .receiving(let a, let b): if b > 0 { receiving.update(Int(a), Int(b)) }
            case .importing: break
            }
        }
        let r = report.receipt
        print("synced with hub \(r.hub) at \(link.url)")
        print("sent      \(report.sentEvents) events (\(report.sentBytes) bytes): \(r.appended) new at the hub, \(r.alreadyHeld) it already had\(r.pending > 0 ? ", \(r.pending) waiting there for earlier events" : "")")
        print("received  \(report.imported.appended) new events (\(report.receivedBytes) bytes)\(report.imported.pending > 0 ? ", \(report.imported.pending) waiting for earlier events" : "")")
        for c in report.confirmations {
            let kel = Kelurahan(code: c.stream.kelurahanCode)?.name ?? "kelurahan \(c.stream.kelurahanCode)"
            let state = c.confirmed >= c.held ? "all" : "\(c.held - c.confirmed) not yet"
            print("received by the office: \(kel) seq 1…\(c.confirmed) of \(c.held) (\(state))")
        }
        if let why = Self.unsent(report.confirmations, link: link) { throw CLIError.failure(why) }
    }

    /// Why some of this laptop's events are not at the office after a sync, as one sentence, or nil.
    static func unsent(_ confirmations: [LaptopSync.Confirmation], link: HubLink) -> String? {
        let missing = confirmations.filter { $0.confirmed < $0.held }
        guard !missing.isEmpty else { return nil }
        func name(_ k: UInt16) -> String { Kelurahan(code: k)?.name ?? "kelurahan \(k)" }
        let list = missing.map { "\(name($0.stream.kelurahanCode)) seq \($0.confirmed + 1)…\($0.held)" }.joined(separator: ", ")
        let count = missing.reduce(UInt64(0)) { sum, c in
            let (s, overflow) = sum.addingReportingOverflow(c.held - c.confirmed)
            return overflow ? .max : s
        }
        if link.role == .cadre, let own = link.kelurahan, missing.contains(where: { $0.stream.kelurahanCode != own }) {
            return "\(count) event\(count == 1 ? "" : "s") of this laptop (\(list)) cannot be sent: it is enrolled as a cadre for \(name(own)), which syncs \(name(own)) only; copy them to the office with `selaras bundle create` instead"
        }
        return "\(count) event\(count == 1 ? "" : "s") of this laptop (\(list)) are not confirmed by the office yet; run `selaras sync` again, and tell the office if this repeats"
    }
}

/// `selaras download FORMAT`: an export from the hub (office and analyst roles).
struct DownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download an export from the office's hub (enrol as analyst or office first).",
        discussion: HelpText.reflow("""
        Single-file formats (zip, xlsx) arrive as that file; csv.gz and jsonl.gz arrive as a tar
        of their per-table files and SHA256SUMS. The SHA-256 is checked against the hub's.
        The bytes arrive in a hidden .download-… file that gets the export's name only once it
        is whole and its hash matches; if a download is cut or killed, run it again (it removes
        what a killed run left).

        Example:
          selaras download zip --store analyst1 --tier analyst --out exports/
        """))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The format (csv.gz, jsonl.gz, zip, xlsx).") var format: String
    @Option(help: "analyst or office.") var tier = "analyst"
    @Option(help: ArgumentHelp("The directory to write into.", valueName: "DIR")) var out = "."

    func run() async throws {
        let link = try HubLink.load(from: storeOptions.directory)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let partial = out + "/" + Self.partialPrefix + UUID().uuidString.lowercased()
        // Held locked while this download runs, so another download into the same folder can
        // tell a live partial file from one a killed run left.
        let fd = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CLIError.badInput("--out: could not create a file in \(out) (errno \(errno))") }
        defer { unlink(partial); close(fd) }
        _ = flock(fd, LOCK_EX)
        Self.removeAbandonedPartials(in: out)
        // The hub answers once the export exists: at once when it keeps one for its current
        // state, else after making it (a minute or more on a large store), so say so first.
        Terminal.error("selaras: asking the hub at \(link.url) for the \(format) export (\(tier) tier); a new export is made first, which can take a minute on a large store…")
        nonisolated(unsafe) let receiving = ProgressBar("receiving")
        let d = try await HubClient(url: link.url).download(format: format, tier: tier, token: link.token, to: partial) { p in
            if case .received(let a, let b) = p, b > 0 { receiving.update(Int(a), Int(b)) }
        }
        let name = (d.fileName as NSString).lastPathComponent
        let final = out + "/" + name
        // rename(2) replaces an older file of the same name atomically; syncing the folder makes
        // the new name survive a power cut (the bytes were synced by the transfer).
        let fs = PosixFileSystem()
        do {
            try fs.rename(partial, to: final)
            try fs.syncDirectory(out)
        } catch { throw CLIError.failure("\(final): the download arrived whole but could not be put in place (\(error)); run the download again") }
        print("\(final): \(d.bytes) bytes, sha256 \(d.sha256) (matches the hub's)")
    }

    /// The name prefix of a download still arriving.
    static let partialPrefix = ".download-"

    /// Removes the partial files of downloads that were killed (no process holds their lock).
    static func removeAbandonedPartials(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(partialPrefix) {
            let path = directory + "/" + name
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { unlink(path) }
            close(fd)
        }
    }
}
