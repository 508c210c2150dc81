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

    /// Builds the dataset for an export from the hub's store (inside the actor: it reads the logs).
    /// - Parameter asOf: the date children's ages are counted to.
    func dataset(tier: ExportTier, asOf: LocalDate) throws -> Dataset {
        let state: ConsolidatedState
        do { state = try ConsolidatedState(store: store) } catch { throw HubError.io("could not read the hub's store", error) }
        var options = DatasetOptions(pseudonymKey: configuration.pseudonymKey ?? store.derivedSecret(label: "pseudonyms"), asOf: asOf)
        options.tier = tier
        let standards: GrowthStandards
        do { standards = try GrowthStandards.bundled() } catch { throw HubError.io("could not load the WHO growth standards", error) }
        return Dataset(state: state, standards: standards, options: options)
    }

    /// Exports a format and tier for a device or an office dashboard session into the staging
    /// directory and writes the audit entry (durably, naming the device or the session) before
    /// returning: a download that cannot be audited is refused.
    ///
    /// A format that writes one file (zip, xlsx) is sent as that file; a format that writes
    /// several (csv.gz, jsonl.gz: one gzip per table) is sent as an uncompressed tar of its
    /// files and `SHA256SUMS`.
    /// - Throws: ``HubError`` 401 revoked device or ended session, 404 unknown format, 400 unknown
    ///   tier, 403 tier not allowed for the role, 500 export failure.
    /// - Parameter asOf: the export's as-of date, the date children's ages are counted to
    ///   (default: today in Balikpapan; never a recorded time).
    public nonisolated func prepareDownload(by requester: Downloader, format: String, tier tierName: String,
                                            asOf: LocalDate = .today()) async throws -> Download {
        let (downloader, exporter, tier, data) = try await authorisedExport(by: requester, format: format, tier: tierName, asOf: asOf)
        let dir = stagingPath("export")
        let files: [ExportRunner.File]
        do { files = try ExportRunner.run(exporter, dataset: data, directory: dir + "/files") } catch {
            try? FileManager.default.removeItem(atPath: dir)
            throw HubError.io("the \(format) export failed: \(error)", error)
        }
        let download: Download
        let dataFiles = files.filter { $0.name != "SHA256SUMS" }
        if dataFiles.count == 1, let only = dataFiles.first {
            download = Download(path: dir + "/files/" + only.name, stagingDirectory: dir, fileName: only.name,
                                mediaType: Self.mediaType(only.name), bytes: only.bytes, sha256: Self.bytes(hex: only.sha256))
        } else {
            let name = "selaras-\(exporter.format)-\(tier.rawValue).tar"
            let tar = try TarWriter.write(files: files.map { ($0.name, dir + "/files/" + $0.name) }, to: dir + "/" + name)
            download = Download(path: dir + "/" + name, stagingDirectory: dir, fileName: name, mediaType: "application/x-tar",
                                bytes: tar.bytes, sha256: tar.sha256)
        }
        do {
            try auditLog.append(at: WallClock.nowMilliseconds(), by: downloader, format: exporter.format,
                                tier: tier.rawValue, bytes: download.bytes, sha256: download.sha256)
        } catch {
            try? FileManager.default.removeItem(atPath: dir)
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

    /// Checks the device (not revoked) or session (still open) may download this format and
    /// tier, and builds the dataset (in the actor, which owns the store); the export itself
    /// then runs outside the actor.
    func authorisedExport(by requester: Downloader, format: String, tier tierName: String,
                          asOf: LocalDate) throws -> (Downloader, any Exporter, ExportTier, Dataset) {
        let downloader: Downloader, role: HubRole
        switch requester {
        case .device(let d):
            let device = try current(d)
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
        return (downloader, exporter, tier, try dataset(tier: tier, asOf: asOf))
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
