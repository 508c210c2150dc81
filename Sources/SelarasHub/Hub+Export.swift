import Foundation
import Logging
import SelarasAnthro
import SelarasExport
import SelarasExporters
import SelarasHubProtocol
import SelarasMerge
import SelarasModel

extension Hub {
    /// A prepared download: the file to stream (in the staging directory) and what it is.
    public struct Download: Sendable {
        /// The file to send.
        public let path: String
        /// The directory to remove once it is sent.
        public let stagingDirectory: String
        /// The name to offer (`export.zip`, `selaras-csv.gz-analyst.tar`, …).
        public let fileName: String
        /// Media type.
        public let mediaType: String
        /// Size in bytes.
        public let bytes: UInt64
        /// SHA-256 of the file.
        public let sha256: [UInt8]
    }

    /// The dataset for an export, from the kept state (inside the actor, which owns it), and
    /// the state version it shows.
    /// - Parameter asOf: the date children's ages are counted to.
    func dataset(tier: ExportTier, asOf: LocalDate) async throws -> (Dataset, version: UInt64) {
        var options = DatasetOptions(pseudonymKey: configuration.pseudonymKey ?? storage.derivedSecret(label: "pseudonyms"), asOf: asOf)
        options.tier = tier
        let standards: GrowthStandards
        do { standards = try GrowthStandards.bundled() } catch { throw HubError.io("could not load the WHO growth standards", error) }
        try await catchUpState()
        exportsMade += 1
        return (Dataset(state: kept.state, standards: standards, options: options), kept.version)
    }

    /// Exports a format and tier for a device or an office dashboard session and writes the
    /// audit entry (durably, naming the device or the session) before returning: a download
    /// that cannot be audited is refused.
    ///
    /// An export is made once per state version (``ExportCache``): while no event was added,
    /// the same format, tier and as-of date are served from the kept file. A format that writes
    /// one file (zip, xlsx) is sent as that file; a format that writes several (csv.gz,
    /// jsonl.gz: one gzip per table) is sent as an uncompressed tar of its files and `SHA256SUMS`.
    /// - Throws: ``HubError`` 401 revoked device or ended session, 404 unknown format, 400 unknown
    ///   tier, 403 tier not allowed for the role, 500 export failure.
    /// - Parameter asOf: the export's as-of date, the date children's ages are counted to
    ///   (default: today in Balikpapan; never a recorded time).
    public nonisolated func prepareDownload(by requester: Downloader, format: String, tier tierName: String,
                                            asOf: LocalDate = .today()) async throws -> Download {
        let (downloader, exporter, tier) = try await authorisedExport(by: requester, format: format, tier: tierName)
        let key = ExportCache.Key(format: exporter.format, tier: tier.rawValue, asOf: asOf)
        let download: Download
        if let staged = try await stageKeptExport(key) {
            download = staged
        } else {
            let (data, version) = try await dataset(tier: tier, asOf: asOf)
            let entry = try await makeExport(exporter, tier: tier, dataset: data, version: version)
            download = try await keepAndStage(entry, for: key)
        }
        do {
            try await audit(by: downloader, format: exporter.format, tier: tier.rawValue, download: download)
        } catch {
            try? FileManager.default.removeItem(atPath: download.stagingDirectory)
            throw error
        }
        let who: Logger.Metadata.Value
        switch downloader {
        case .device(let d): who = "device \(d.id) (\(d.role.rawValue))"
        case .session(let s): who = "dashboard session \(s.id)"
        }
        logger.info("download", metadata: ["by": who, "format": "\(exporter.format)", "tier": "\(tier.rawValue)", "bytes": "\(download.bytes)"])
        return download
    }

    /// Appends a download to the audit log (durably, before its first byte is sent).
    func audit(by downloader: Downloader, format: String, tier: String, download: Download) async throws {
        try await storage.appendAudit(at: WallClock.nowMilliseconds(), by: downloader, format: format, tier: tier,
                                bytes: download.bytes, sha256: download.sha256)
    }

    /// Runs an exporter into a new directory of the export cache (outside the actor).
    nonisolated func makeExport(_ exporter: any Exporter, tier: ExportTier, dataset data: Dataset,
                                version: UInt64) async throws -> ExportCache.Entry {
        let dir = exportsDirectory + "/" + UUID().uuidString.lowercased()
        let files: [ExportRunner.File]
        do { files = try ExportRunner.run(exporter, dataset: data, directory: dir + "/files") } catch {
            try? FileManager.default.removeItem(atPath: dir)
            throw HubError.io("the \(exporter.format) export failed: \(error)", error)
        }
        let dataFiles = files.filter { $0.name != "SHA256SUMS" }
        if dataFiles.count == 1, let only = dataFiles.first {
            return ExportCache.Entry(version: version, directory: dir, path: dir + "/files/" + only.name, fileName: only.name,
                                     mediaType: Self.mediaType(only.name), bytes: only.bytes, sha256: Self.bytes(hex: only.sha256))
        }
        let name = "selaras-\(exporter.format)-\(tier.rawValue).tar"
        do {
            let tar = try TarWriter.write(files: files.map { ($0.name, dir + "/files/" + $0.name) }, to: dir + "/" + name)
            return ExportCache.Entry(version: version, directory: dir, path: dir + "/" + name, fileName: name,
                                     mediaType: "application/x-tar", bytes: tar.bytes, sha256: tar.sha256)
        } catch {
            try? FileManager.default.removeItem(atPath: dir)
            throw error
        }
    }

    /// A download of the kept export for `key` when it shows the current state, else nil.
    func stageKeptExport(_ key: ExportCache.Key) async throws -> Download? {
        try await catchUpState()
        guard let entry = exportCache.entry(for: key, version: kept.version) else { return nil }
        return try stage(entry)
    }

    /// Stages a newly made export for its download, then keeps it for the next ones.
    func keepAndStage(_ entry: ExportCache.Entry, for key: ExportCache.Key) throws -> Download {
        let download: Download
        do { download = try stage(entry) } catch {
            try? FileManager.default.removeItem(atPath: entry.directory)
            throw error
        }
        exportCache.keep(entry, for: key)
        return download
    }

    /// A hard link to a kept export in a new staging directory (removed once sent).
    func stage(_ entry: ExportCache.Entry) throws -> Download {
        let dir = stagingPath("export")
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
            try FileManager.default.linkItem(atPath: entry.path, toPath: dir + "/" + entry.fileName)
        } catch {
            try? FileManager.default.removeItem(atPath: dir)
            throw HubError.io("could not stage the \(entry.fileName) export for sending", error)
        }
        return Download(path: dir + "/" + entry.fileName, stagingDirectory: dir, fileName: entry.fileName,
                        mediaType: entry.mediaType, bytes: entry.bytes, sha256: entry.sha256)
    }

    /// Checks the device (not revoked) or session (still open) may download this format and tier.
    func authorisedExport(by requester: Downloader, format: String, tier tierName: String) async throws -> (Downloader, any Exporter, ExportTier) {
        let downloader: Downloader, role: HubRole
        switch requester {
        case .device(let d):
            let device = try await current(d)
            downloader = .device(device)
            role = device.role
        case .session(let s):
            guard isLive(s) else { throw HubError.unauthorized("the dashboard session has ended; open a new login link (`selaras hub login-link`)") }
            downloader = requester
            role = .office
        }
        guard role != .cadre else { throw HubError.forbidden("the cadre role may not download exports") }
        guard let tier = ExportTier(rawValue: tierName) else {
            throw HubError.badRequest("tier: '\(tierName)' is not a tier; allowed: analyst, office")
        }
        guard role.mayDownload(tier: tier.rawValue) else {
            throw HubError.forbidden("the \(role.rawValue) role may download only analyst-tier exports, not \(tier.rawValue)")
        }
        guard let exporter = ExporterRegistry.exporter(for: format) else {
            throw HubError(status: 404, code: "unknown-format", "'\(format)' is not an export format; allowed: \(ExporterRegistry.all.map(\.format).joined(separator: ", "))")
        }
        return (downloader, exporter, tier)
    }

    static func mediaType(_ name: String) -> String {
        if name.hasSuffix(".zip") { return "application/zip" }
        if name.hasSuffix(".xlsx") { return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }
        if name.hasSuffix(".gz") { return "application/gzip" }
        return "application/octet-stream"
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex, let j = hex.index(i, offsetBy: 2, limitedBy: hex.endIndex) {
            out.append(UInt8(hex[i..<j], radix: 16) ?? 0)
            i = j
        }
        return out
    }
}
