import Foundation
import SelarasHubClient
import SelarasHubProtocol
import SelarasMerge
import SelarasModel
import SelarasSync
import Synchronization

extension CadreApp {
    /// This laptop's hub link, nil when it has not enrolled (a damaged link file is a problem
    /// shown on the page).
    func hubLink() -> (link: HubLink?, problem: String?) {
        guard FileManager.default.fileExists(atPath: HubLink.path(in: store.directory)) else { return (nil, nil) }
        do { return (try HubLink.load(from: store.directory), nil) } catch {
            return (nil, "Data pendaftaran hub di laptop ini tidak dapat dibaca: \(error). Daftarkan laptop ini lagi.")
        }
    }

    /// The hub part of the Sinkron page: the office's address when enrolled, else the enrolment form.
    func hubView(_ view: inout [String: Any]) {
        let (link, problem) = hubLink()
        view["enrolled"] = link != nil
        view["hubURL"] = link?.url ?? ""
        view["hubRole"] = link.map { Self.roleName($0.role) } ?? ""
        if let problem { view["hubProblem"] = problem }
    }

    /// The Indonesian name of a hub role.
    static func roleName(_ role: HubRole) -> String {
        switch role {
        case .cadre: "kader"
        case .office: "kantor"
        case .analyst: "analis"
        }
    }

    /// Enrols this laptop with the office's hub (the CLI's `selaras enrol`: the same
    /// ``LaptopSync/enrol(store:url:code:)``).
    public func enrolPost(form: FormBody, csrf: String) async -> PageResult {
        guard let url = form.trimmed("hub") else { return syncPage(csrf: csrf, problems: ["Alamat hub kantor wajib diisi."]) }
        guard let code = form.trimmed("kode") else { return syncPage(csrf: csrf, problems: ["Kode pendaftaran dari kantor wajib diisi."]) }
        guard !syncing else { return syncPage(csrf: csrf, problems: ["Sinkron sedang berjalan; tunggu sampai selesai."]) }
        syncing = true
        defer { syncing = false }
        do {
            let link = try await LaptopSync.enrol(store: store, url: url, code: code)
            if link.role == .cadre { sendableKelurahan = link.kelurahan ?? kelurahan.code }
            return syncPage(csrf: csrf, messages: ["Laptop ini terdaftar di hub \(link.url) sebagai \(Self.roleName(link.role))."])
        } catch {
            return syncPage(csrf: csrf, problems: ["Pendaftaran ke hub \(url) gagal: \(error)"])
        }
    }

    /// Syncs with the hub (the CLI's `selaras sync`: the same ``LaptopSync/sync(store:link:progress:)``),
    /// then shows each step's figures and, per record this laptop sent, whether the office's
    /// signed receipt confirms it.
    public func hubSyncPost(csrf: String) async -> PageResult {
        let (link, problem) = hubLink()
        guard let link else {
            return syncPage(csrf: csrf, problems: [problem ?? "Laptop ini belum terdaftar di hub kantor: isi alamat hub dan kode pendaftaran dari kantor."])
        }
        guard !syncing else { return syncPage(csrf: csrf, problems: ["Sinkron sedang berjalan; tunggu sampai selesai."]) }
        syncing = true
        defer { syncing = false }
        let before = ((try? SyncState.load(store))?.peers[link.hubReplica]) ?? VersionVector()
        let steps = SyncSteps()
        let report: LaptopSync.Report
        do {
            report = try await LaptopSync.sync(store: store, link: link) { steps.record($0) }
        } catch {
            return syncPage(csrf: csrf, problems: ["Sinkron dengan hub \(link.url) gagal: \(error). Tidak ada yang hilang: coba lagi nanti."])
        }
        if report.imported.appended > 0 || report.imported.pending > 0 {
            do { try reload() } catch { return syncPage(csrf: csrf, problems: ["Penyimpanan tidak dapat dibaca ulang: \(error)"]) }
        }
        var view = base("Sinkron selesai", csrf: csrf)
        view["hubURL"] = link.url
        view["steps"] = steps.lines()
        let r = report.receipt
        view["sent"] = report.sentEvents
        view["sentBytes"] = report.sentBytes
        view["appended"] = r.appended
        view["alreadyHeld"] = r.alreadyHeld
        view["hubPending"] = r.pending
        view["hasHubPending"] = r.pending > 0
        view["received"] = report.imported.appended
        view["receivedBytes"] = report.receivedBytes
        view["streams"] = report.confirmations.map { c -> [String: Any] in
            let name = Kelurahan(code: c.stream.kelurahanCode)?.name ?? "kelurahan \(c.stream.kelurahanCode)"
            return ["kelurahan": name, "held": c.held, "confirmed": c.confirmed, "all": c.confirmed >= c.held]
        }
        let rows = confirmedRecords(report.confirmations, sentAfter: before)
        view["records"] = rows
        view["hasRecords"] = !rows.isEmpty
        view["allConfirmed"] = report.confirmations.allSatisfy { $0.confirmed >= $0.held }
        return .page(pages.render("sync-hub", view), status: 200)
    }

    /// The records this laptop wrote to since the hub's last known vector `sentAfter`, each
    /// marked confirmed when the hub's receipt covers this laptop's latest event about it.
    func confirmedRecords(_ confirmations: [LaptopSync.Confirmation], sentAfter before: VersionVector) -> [[String: Any]] {
        let confirmed = Dictionary(uniqueKeysWithValues: confirmations.map { ($0.stream, $0.confirmed) })
        return Self.recordsSent(in: state, confirmed: confirmed, after: before).map { e, ok -> [String: Any] in
            ["id": e.id.description, "kind": Self.kindName(e.id.kind), "what": describeRecord(e),
             "confirmed": ok, "status": ok ? "Diterima kantor" : "Belum diterima"]
        }
    }

    /// The records with an event of one of the `confirmed` streams after `before`, in id
    /// order, each with whether every such event is within what the hub confirmed.
    static func recordsSent(in state: ConsolidatedState, confirmed: [StreamID: UInt64], after before: VersionVector) -> [(EntityState, Bool)] {
        var out: [(EntityState, Bool)] = []
        state.forEachEntity { e in
            guard e.isCreated else { return }
            let own = e.contextDots.filter { confirmed[$0.stream] != nil && $0.seq > before[$0.stream] }
            guard !own.isEmpty else { return }
            out.append((e, own.allSatisfy { $0.seq <= confirmed[$0.stream] ?? 0 }))
        }
        return out.sorted { $0.0.id.description < $1.0.id.description }
    }

    /// The Indonesian name of a record kind.
    static func kindName(_ kind: RecordKind) -> String {
        switch kind {
        case .child: "Anak"
        case .growthCheck: "Penimbangan"
        case .houseSurvey: "Survei RTLH"
        }
    }

    /// A record's one-line description: the child's name, the weighed child and date, or the household head.
    func describeRecord(_ e: EntityState) -> String {
        let voided = e.isVoided ? " (dibatalkan)" : ""
        switch e.id.kind {
        case .child: return (e.value(FieldKey.Child.name)?.text ?? "?") + voided
        case .growthCheck:
            let child = e.value(FieldKey.GrowthCheck.child)?.reference.flatMap { state[$0]?.value(FieldKey.Child.name)?.text } ?? "?"
            let date = e.value(FieldKey.GrowthCheck.measuredOn)?.date?.dayFirstDescription ?? ""
            return "\(child), \(date)" + voided
        case .houseSurvey: return (e.value(FieldKey.HouseSurvey.headName)?.text ?? "?") + voided
        }
    }
}

/// The last figures of each step of a sync, filled by ``LaptopSync``'s progress callback
/// (called from the transfer's threads, hence the mutex).
final class SyncSteps: Sendable {
    private let last = Mutex<[Int: (UInt64, UInt64)]>([:])

    /// Keeps a phase's latest figures.
    func record(_ phase: LaptopSync.Phase) {
        last.withLock { m in
            switch phase {
            case .writing(let a, let b): m[0] = (a, b)
            case .sending(let a, let b): m[1] = (UInt64(max(a, 0)), UInt64(max(b, 0)))
            case .receiving(let a, let b): m[2] = (UInt64(max(a, 0)), UInt64(max(b, 0)))
            case .importing: m[3] = (1, 1)
            }
        }
    }

    /// The steps in order, in Indonesian, with their figures.
    func lines() -> [[String: Any]] {
        let m = last.withLock { $0 }
        var out: [[String: Any]] = []
        func add(_ step: Int, _ label: String, _ text: (UInt64, UInt64) -> String) {
            guard let v = m[step] else { out.append(["step": label, "text": "—", "done": false]); return }
            out.append(["step": label, "text": text(v.0, v.1), "done": true])
        }
        add(0, "Menulis bundel") { a, b in "\(a) dari \(b) rekaman" }
        add(1, "Mengirim ke kantor") { a, b in "\(a) dari \(b) byte" }
        add(2, "Menerima dari kantor") { a, b in b > 0 ? "\(a) dari \(b) byte" : "\(a) byte" }
        add(3, "Memeriksa dan menyimpan jawaban kantor") { _, _ in "selesai" }
        return out
    }
}
