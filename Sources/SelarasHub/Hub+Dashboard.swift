import Crypto
import Foundation
import SelarasAnthro
import SelarasDashboard
import SelarasEntry
import SelarasHubProtocol
import SelarasLog
import SelarasMerge
import SelarasModel

extension Hub {
    /// Opens a dashboard session for a one-time login code.
    /// - Returns: the cookie value (for the browser only) and the session.
    /// - Throws: ``HubError`` 401 when the code is unknown, used or expired.
    public func login(code: String, now: Int64 = WallClock.nowMilliseconds()) throws -> (cookie: String, session: DashboardSession) {
        guard let label = try storage.claimLoginCode(code, now: now) else {
            throw HubError(status: 401, code: "invalid-login", "this login link is unknown, already used or expired (a link works once, for 10 minutes); make a new one with `selaras hub login-link`")
        }
        sessions = sessions.filter { $0.value.expiresAt > now }
        let cookie = Self.randomToken()
        let session = DashboardSession(id: String(Self.randomToken().prefix(16)), label: label, formToken: Self.randomToken(),
                                       expiresAt: now + DashboardSession.lifetimeMilliseconds)
        sessions[LoginCodes.hash(cookie)] = session
        logger.info("dashboard login", metadata: ["session": "\(session.id)"])
        return (cookie, session)
    }

    /// The live session a cookie value belongs to, if any.
    public func session(cookie: String?, now: Int64 = WallClock.nowMilliseconds()) -> DashboardSession? {
        guard let cookie, let s = sessions[LoginCodes.hash(cookie)], s.expiresAt > now else { return nil }
        return s
    }

    /// Whether the session with this id is still open (not expired; a restart ends every session).
    func isLive(_ session: DashboardSession, now: Int64 = WallClock.nowMilliseconds()) -> Bool {
        session.expiresAt > now && sessions.values.contains { $0.id == session.id }
    }

    /// The dashboard page for the hub's store and devices.
    ///
    /// The snapshot (the figures) is computed from the kept state outside the hub's isolation
    /// (syncs do not wait for it) and kept while the state version, the devices, the waiting
    /// runs and the month are the same: a page viewed again shows the same snapshot, rendered
    /// with the session's own form token.
    /// - Parameters:
    ///   - formToken: the session's form token (put in every form), nil for a bearer-token caller.
    ///   - month: the month of the figures (default: the last complete month in Balikpapan).
    /// - Throws: ``HubError`` 500 when the store cannot be read.
    public nonisolated func dashboardHTML(formToken: String?, month: DashboardMonth = .lastComplete()) async throws -> String {
        let inputs = try await dashboardInputs(month: month)
        let snapshot: DashboardSnapshot
        let devices = inputs.key.devices.map {
            DashboardDevice(id: $0.id.description, role: $0.role.rawValue, kelurahan: $0.kelurahan.flatMap(Kelurahan.init(code:)),
                            label: $0.label, lastSync: $0.lastSync == 0 ? nil : $0.lastSync, revoked: $0.isRevoked)
        }
        if let kept = inputs.kept {
            snapshot = kept
        } else if let figures = inputs.keptFigures {
            // Only the devices changed (a sync that brought nothing new): the figures are kept.
            snapshot = figures.replacingDevices(devices, takenAt: WallClock.nowMilliseconds())
            await keepDashboard(snapshot, for: inputs.key, computed: false)
        } else {
            do {
                snapshot = try DashboardSnapshot(state: inputs.state, versionVector: inputs.vector, waiting: inputs.key.waiting,
                                                 replicaLabel: inputs.label, replicaKelurahan: inputs.kelurahan, devices: devices,
                                                 month: inputs.key.month, standards: GrowthStandards.bundled(),
                                                 pseudonymKey: inputs.pseudonymKey, takenAt: WallClock.nowMilliseconds(),
                                                 replicaID: inputs.replica)
            } catch {
                throw HubError.io("could not build the dashboard from the hub's store", error)
            }
            await keepDashboard(snapshot, for: inputs.key)
        }
        return DashboardPage(options: .init(csrfToken: formToken, now: WallClock.nowMilliseconds())).render(snapshot)
    }

    /// What a dashboard snapshot is made from (values: read outside the actor), and the kept
    /// snapshot when it was made from the same.
    func dashboardInputs(month: DashboardMonth) throws -> DashboardInputs {
        try catchUpState()
        let key = DashboardKey(version: kept.version, devices: try devices(), waiting: try storage.waitingSegments(),
                               month: month)
        let sameFigures = keptDashboard.map { $0.key.version == key.version && $0.key.waiting == key.waiting && $0.key.month == key.month } ?? false
        return DashboardInputs(key: key, kept: keptDashboard?.key == key ? keptDashboard?.snapshot : nil,
                               keptFigures: sameFigures ? keptDashboard?.snapshot : nil, state: kept.state,
                               vector: kept.vector, label: storage.label, kelurahan: storage.homeKelurahan,
                               pseudonymKey: storage.derivedSecret(label: "pseudonyms"), replica: storage.replica)
    }

    /// Keeps a snapshot unless a newer state's is kept already (for any month: one is kept).
    /// - Parameter computed: whether its figures were computed (counted in ``dashboardSnapshotsMade``)
    ///   rather than kept from the previous snapshot with new devices.
    func keepDashboard(_ snapshot: DashboardSnapshot, for key: DashboardKey, computed: Bool = true) {
        if computed { dashboardSnapshotsMade += 1 }
        guard key.version >= keptDashboard?.key.version ?? 0 else { return }
        keptDashboard = (key, snapshot)
    }

    /// Resolves a conflict as `selaras resolve` does (a correction that has seen every value).
    /// - Returns: the new event's dot.
    /// - Throws: ``HubError`` 400 for an unknown record or field or a value the field refuses.
    public func resolve(entity: String, field: String, value: String) throws -> String {
        guard let id = EntityID(entity) else { throw HubError.badRequest("entity: '\(entity)' is not a record id") }
        guard let spec = id.kind.schema.field(named: field) else { throw HubError.badRequest("field: '\(field)' is not a field of a \(id.kind.name)") }
        return try append { (entry: RecordEntry) throws(EntryError) -> PreparedEvent in
            try entry.prepareCorrection(id, [(spec.name, value)], reason: "resolved conflict")
        }
    }

    /// Decides a possible duplicate as `selaras same-as` / `not-same` do.
    /// - Returns: the new event's dot.
    /// - Throws: ``HubError`` 400 for ids that are not two children of this store.
    public func decideDuplicate(a: String, b: String, same: Bool) throws -> String {
        guard let x = EntityID(a), let y = EntityID(b) else { throw HubError.badRequest("a, b: two child ids (ch-…) are needed") }
        return try append { (entry: RecordEntry) throws(EntryError) -> PreparedEvent in
            try entry.prepareLink(x, y, same: same, reason: same ? "same child (dashboard)" : "different children (dashboard)")
        }
    }

    /// Prepares one event with ``RecordEntry`` on the current state and appends it (fsynced).
    private func append(_ prepare: (RecordEntry) throws(EntryError) -> PreparedEvent) throws -> String {
        try catchUpState()
        let entry = RecordEntry(state: kept.state, homeKelurahan: storage.homeKelurahan, today: .today(), author: "office (hub dashboard)", standards: nil)
        let prepared: PreparedEvent
        do { prepared = try prepare(entry) } catch {
            throw HubError(status: 400, code: "bad-request", error.problems.joined(separator: "; "), underlying: error)
        }
        do {
            let event = try storage.record(prepared.draft)
            try catchUpState()
            logger.info("dashboard action recorded", metadata: ["event": "\(event.dot)"])
            return event.dot.description
        } catch let e as HubError { throw e } catch {
            throw HubError.io("could not record the event", error)
        }
    }

    static func randomToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }.map { String(format: "%02x", $0) }.joined()
    }
}
