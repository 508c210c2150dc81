import Foundation
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasSync

extension CadreApp {
    /// **Sinkron**: sync with the office's hub when enrolled (else enrol), write a bundle of
    /// everything on this laptop into a folder (a USB stick), or import a bundle file (or every
    /// `.slb` file of a folder).
    public func syncPage(csrf: String, messages: [String] = [], problems: [String] = []) -> PageResult {
        var view = base("Sinkron", csrf: csrf)
        view["messages"] = messages
        view["hasMessages"] = !messages.isEmpty
        view["problems"] = problems
        view["hasProblems"] = !problems.isEmpty
        view["replica"] = store.replica.description
        view["events"] = state.eventCount
        hubView(&view)
        return .page(pages.render("sync", view), status: problems.isEmpty ? 200 : 422)
    }

    /// Writes `FOLDER/selaras-REPLICA-YYYYMMDD-HHMMSS.slb` with every event of the store.
    public func writeBundle(form: FormBody, csrf: String) -> PageResult {
        guard let folder = form.trimmed("folder") else { return syncPage(csrf: csrf, problems: ["Folder tujuan wajib diisi."]) }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            return syncPage(csrf: csrf, problems: ["Folder \(folder) tidak ada (pasang flashdisk, lalu tulis alamat foldernya)."])
        }
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd-HHmmss"
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        let path = folder + "/selaras-\(store.replica)-\(f.string(from: Date())).slb"
        do {
            let s = try BundleWriter(store: store, state: try SyncState.load(store)).write(to: path, assumed: VersionVector())
            return syncPage(csrf: csrf, messages: ["Tersimpan: \(path) (\(s.events) rekaman, \(s.fileBytes) byte)."])
        } catch {
            return syncPage(csrf: csrf, problems: ["Bundel tidak dapat ditulis ke \(path): \(error)"])
        }
    }

    /// Imports a bundle file, or every `.slb` file of a folder; then folds the store again
    /// (an import is rare, and may add any number of events).
    public func importBundles(form: FormBody, csrf: String) -> PageResult {
        guard let path = form.trimmed("file") else { return syncPage(csrf: csrf, problems: ["File atau folder bundel wajib diisi."]) }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            return syncPage(csrf: csrf, problems: ["\(path) tidak ada."])
        }
        let files = isDir.boolValue
            ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".slb") }.sorted().map { path + "/" + $0 }
            : [path]
        guard !files.isEmpty else { return syncPage(csrf: csrf, problems: ["Tidak ada file .slb di \(path)."]) }
        var messages: [String] = [], problems: [String] = []
        for file in files {
            do {
                let s = try BundleImporter(store: store).importFile(file)
                messages.append(s.nothingNew ? "\(file): tidak ada yang baru." : "\(file): \(s.appended) rekaman baru diimpor.")
            } catch {
                problems.append("\(file) ditolak: \(error)")
            }
        }
        do { try reload() } catch { problems.append("Penyimpanan tidak dapat dibaca ulang: \(error)") }
        return syncPage(csrf: csrf, messages: messages, problems: problems)
    }

    /// Folds the store again and rebuilds the indexes (after an import).
    func reload() throws {
        state = try ConsolidatedState(store: store)
        laterDots = nil
        index = ChildSearchIndex()
        checksOf = [:]
        childOf = [:]
        for c in state.records(of: .child) { index.update(c) }
        for id in state.recordIDs(of: .growthCheck) {
            guard let ref = state[id]?.value(FieldKey.GrowthCheck.child)?.reference else { continue }
            checksOf[ref, default: []].insert(id)
            childOf[id] = ref
        }
    }
}
