#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import Logging
import SelarasAnthro
import SelarasDashboard
import SelarasExport
import SelarasHubProtocol
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasSync

/// The hub: a replica (the same store, bundle import and exporters as any laptop) that
/// serves enrolled devices. One actor owns the store, its sync state, the device registry
/// (shared with `selaras hub` commands through ``RegistryFile``) and the audit log, so every
/// change to them happens one at a time.
public actor Hub {
    /// The hub's replica id.
    public nonisolated let replica: ReplicaID
    /// The hub's Ed25519 public key (raw, 32 bytes): receipts are signed with it.
    public nonisolated let publicKey: [UInt8]
    /// The store directory.
    public nonisolated let directory: String
    /// The configuration.
    public nonisolated let configuration: HubConfiguration
    /// Where uploads and downloads are staged (`STORE/hub/tmp`, emptied at start).
    nonisolated let stagingDirectory: String
    /// The device registry file of the file storage. With a database storage the devices,
    /// codes and audit log are in the database, not in this file: use ``createEnrolment(role:kelurahan:now:)``
    /// and ``createLoginCode(label:now:)``, which work on either.
    public nonisolated let registryFile: RegistryFile
    /// The download audit log of the file storage (see ``registryFile``).
    public nonisolated let auditLog: AuditLog
    let logger: Logger

    /// The storage (the embedded file store, or a database store).
    let storage: any HubStorage
    private var registry: DeviceRegistry
    private var registryIdentity: [Int]
    /// Dashboard sessions by the SHA-256 (hex) of their cookie value (in memory: a restart logs everyone out).
    var sessions: [String: DashboardSession] = [:]
    /// The consolidated state, folded once at start and kept current (dashboards and exports read it).
    var kept: KeptState
    /// Devices' sync bookkeeping not yet written to the registry.
    var syncNotes: SyncNotes
    /// The dashboard's figures, computed off the request path (see ``DashboardRefresher``).
    nonisolated let dashboardFigures = DashboardRefresher()
    /// Exports kept per state version.
    var exportCache: ExportCache
    /// Where kept exports are written (`STORE/hub/exports`, emptied at start).
    nonisolated let exportsDirectory: String
    /// How many dashboard snapshots the hub has computed (a page viewed again on an unchanged hub computes none).
    public internal(set) var dashboardSnapshotsMade = 0
    /// How many exports the hub has made (a download served from a kept export makes none).
    public internal(set) var exportsMade = 0

    /// Who changes the kept state and the registry cache now (see ``TurnQueue``).
    var turns = TurnQueue()
    /// Syncs waiting to apply their bundles in the next group commit (see ``ApplyQueue``).
    var applyQueue = ApplyQueue()

    /// Opens the hub's store (it must exist) and its registry: the embedded file storage.
    /// - Throws: ``StoreError`` (not a store, locked by another process, …) or ``HubError``.
    public init(storeDirectory: String, configuration: HubConfiguration = HubConfiguration(),
                logger: Logger = Logger(label: "selaras.hub")) async throws {
        let storage = try FileHubStorage(directory: storeDirectory)
        for note in storage.store.recoveryNotes { logger.notice("store recovered", metadata: ["note": "\(note)"]) }
        try await self.init(storage: storage, directory: storeDirectory, configuration: configuration, logger: logger)
    }

    /// Starts a hub over a storage (the file store, or a database store given the hub's
    /// directory for its identity): staging and kept exports go to `DIRECTORY/hub/`, and the
    /// consolidated state is folded once from the storage. The storage is closed if this fails.
    /// - Throws: ``HubError`` when the directory cannot be used or the storage cannot be read.
    public init(storage: any HubStorage, directory: String, configuration: HubConfiguration = HubConfiguration(),
                logger: Logger = Logger(label: "selaras.hub")) async throws {
        self.storage = storage
        replica = storage.replica
        publicKey = storage.publicKey
        self.directory = directory
        self.configuration = configuration
        self.logger = logger
        let files = storage as? FileHubStorage
        do { registryFile = try files?.registryFile ?? RegistryFile(storeDirectory: directory) } catch {
            await storage.close()
            throw error
        }
        auditLog = files?.auditLog ?? AuditLog(directory: registryFile.directory)
        stagingDirectory = registryFile.directory + "/tmp"
        exportsDirectory = registryFile.directory + "/exports"
        syncNotes = SyncNotes(interval: configuration.registryWriteInterval)
        try? FileManager.default.removeItem(atPath: stagingDirectory)
        do {
            try FileManager.default.createDirectory(atPath: stagingDirectory, withIntermediateDirectories: true)
            exportCache = try ExportCache(directory: exportsDirectory)
            registryIdentity = try await storage.registryVersion()
            registry = try await storage.readRegistry()
        } catch {
            await storage.close()
            throw (error as? HubError) ?? HubError.io("could not open the hub's directory \(directory) or read its registry", error)
        }
        do { kept = try await KeptState(storage: storage) } catch {
            await storage.close()
            throw HubError.io("could not read the hub's store \(directory)", error)
        }
    }

    /// Stops the dashboard's recompute task, writes the devices' sync bookkeeping and releases
    /// the store (its lock). The hub must not be used afterwards.
    public func close() async {
        await dashboardFigures.stop()
        await flushSyncNotes(force: true)
        logger.info("hub closed", metadata: ["group-commits": "\(applyQueue.groups)", "bundles-applied": "\(applyQueue.bundles)"])
        await storage.close()
    }

    /// Writes the devices' sync bookkeeping (``SyncNotes``) to the registry in one update when
    /// it has waited its interval, or now with `force`. A failed write is logged and retried
    /// on the next call (the notes stay in memory meanwhile).
    public func flushSyncNotes(force: Bool = false) async {
        guard force ? !syncNotes.isEmpty : syncNotes.isDue else { return }
        let notes = syncNotes.take()
        do {
            try await updateRegistry { reg in
                for (id, n) in notes {
                    guard var d = reg.devices[id] else { continue }
                    SyncNotes.apply(n, to: &d)
                    reg.devices[id] = d
                }
            }
        } catch {
            syncNotes.restore(notes)
            logger.error("could not write the devices' sync bookkeeping to the registry", metadata: ["error": "\(error)"])
        }
    }

    /// The state version (events folded into the kept consolidated state) and the state's
    /// digest: equal on every replica that holds the same events.
    /// - Throws: ``HubError`` 500 when new events cannot be folded in.
    public func stateSummary() async throws -> (version: UInt64, digest: EventHash) {
        try await catchUpState()
        return (kept.version, kept.state.digest)
    }

    /// Folds the events appended since the last call into the kept state (every reader of the
    /// kept state calls it first; syncs do not, so a burst of syncs pays no fold).
    /// - Throws: ``HubError`` 500 when the store cannot be read.
    func catchUpState() async throws {
        await takeTurn()
        defer { endTurn() }
        var copy = kept
        do { try await copy.catchUp(with: storage) } catch {
            kept = copy  // what was folded before the failure stays folded and counted
            throw HubError.io("could not fold new events into the hub's state", error)
        }
        kept = copy
    }

    /// Waits for and takes the turn to change the kept state or the registry cache.
    func takeTurn() async {
        if turns.take() { return }
        await withCheckedContinuation { turns.wait($0) }
    }

    /// Ends the caller's turn (the next waiter takes it).
    func endTurn() { turns.pass() }

    /// A new path in the staging directory.
    nonisolated func stagingPath(_ prefix: String) -> String {
        stagingDirectory + "/" + prefix + "-" + UUID().uuidString.lowercased()
    }

    // MARK: Devices

    /// Re-reads the registry when `selaras hub` replaced the file since the last read.
    private func refreshRegistry() async throws {
        await takeTurn()
        defer { endTurn() }
        let id = try await storage.registryVersion()
        guard id != registryIdentity else { return }
        registry = try await storage.readRegistry()
        registryIdentity = id
    }

    /// Changes the registry (under its file lock) and keeps the cached copy current.
    func updateRegistry<T>(_ body: (inout DeviceRegistry) throws -> T) async throws -> T {
        await takeTurn()
        defer { endTurn() }
        var copy = DeviceRegistry()
        let result = try await storage.updateRegistry { reg in
            let r = try body(&reg)
            copy = reg
            return r
        }
        registry = copy
        registryIdentity = try await storage.registryVersion()
        return result
    }

    /// The device a bearer token belongs to.
    /// - Parameter authorization: the `Authorization` header (`Bearer TOKEN`).
    /// - Throws: ``HubError`` 401 for a missing, malformed, unknown, forged or revoked token.
    public func authenticate(_ authorization: String?) async throws -> Device {
        guard let authorization, authorization.hasPrefix("Bearer ") else {
            throw HubError.unauthorized("this request needs a device token (Authorization: Bearer TOKEN); enrol the laptop with `selaras enrol`")
        }
        let token = authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let id = HubToken.device(of: token) else {
            throw HubError.unauthorized("the token is not a Selaras device token")
        }
        try await refreshRegistry()
        guard let device = registry.devices[id], HubToken.constantTimeEqual(device.tokenHash, HubToken.hash(token)) else {
            throw HubError.unauthorized("the token is not valid (unknown device or wrong secret); enrol the laptop again")
        }
        guard !device.isRevoked else {
            throw HubError(status: 401, code: "revoked", "device \(id)'s access was revoked on \(WallClock.iso8601(milliseconds: device.revokedAt)); ask the office for a new enrolment code")
        }
        return device
    }

    /// Enrols a replica with a one-time code: checks the code (unused, not expired) and that the
    /// replica holds the private key, records the device with the hash of a new token.
    /// - Returns: the token (shown this once) and the hub's identity.
    /// - Throws: ``HubError`` 422 (a field too long: see ``EnrolRequest/problem``), 400
    ///   (malformed request) or 401 (unknown, used or expired code).
    public func enrol(_ request: EnrolRequest, now: Int64 = WallClock.nowMilliseconds()) async throws -> EnrolResponse {
        if let problem = request.problem { throw HubError.invalidValue(problem) }
        guard let keyData = Data(base64Encoded: request.publicKey), keyData.count == 32,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData) else {
            throw HubError.badRequest("publicKey: not a base64 Ed25519 public key (32 bytes)")
        }
        guard let sig = Data(base64Encoded: request.signature), key.isValidSignature(sig, for: EnrolRequest.message(code: request.code)) else {
            throw HubError.badRequest("signature: does not verify with publicKey (the replica must sign the code with its own key)")
        }
        let id = ReplicaID.derived(fromPublicKey: Array(keyData))
        guard id != replica else { throw HubError.badRequest("publicKey: that is the hub's own key") }
        let codeHash = EnrolmentCode.hash(request.code)
        let token = HubToken.generate(device: id)
        let label = request.label
        let granted = try await updateRegistry { reg -> PendingEnrolment in
            reg.pending.removeAll { $0.expiresAt <= now }
            guard let i = reg.pending.firstIndex(where: { HubToken.constantTimeEqual($0.codeHash, codeHash) }) else {
                throw HubError(status: 401, code: "invalid-code", "this enrolment code is unknown, already used or expired (a code works once, for 24 hours); ask the office for a new one")
            }
            if reg.pending[i].role == .cadre, let mine = request.kelurahan, let code = reg.pending[i].kelurahan, mine != code {
                throw HubError.wrongKelurahan(code: code, store: mine)
            }
            let p = reg.pending.remove(at: i)
            reg.devices[id] = Device(id: id, publicKey: Array(keyData), role: p.role, kelurahan: p.kelurahan, label: label,
                                     enrolledAt: now, tokenHash: HubToken.hash(token))
            return p
        }
        logger.info("device enrolled", metadata: ["device": "\(id)", "role": "\(granted.role.rawValue)",
                                                   "kelurahan": "\(granted.kelurahan.map(String.init) ?? "-")"])
        return EnrolResponse(device: id.description, role: granted.role, kelurahan: granted.kelurahan, token: token,
                             hubReplica: replica.description, hubPublicKey: Data(publicKey).base64EncodedString())
    }

    /// The enrolled devices, in id order (with the sync bookkeeping not yet written).
    public func devices() async throws -> [Device] {
        try await refreshRegistry()
        return registry.sortedDevices.map { syncNotes.applied(to: $0) }
    }
}
