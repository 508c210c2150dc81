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
    public func login(code: String, now: Int64 = WallClock.nowMilliseconds()) async throws -> (cookie: String, session: DashboardSession) {
        guard let label = try await storage.claimLoginCode(code, now: now) else {
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

    /// The dashboard page for the hub's store and devices, answered at once from the last
    /// computed figures (see ``DashboardRefresher``).
    ///
    /// The figures are computed off the request path and kept per month; a page says for which
    /// moment and state version they hold, and whether newer ones are being computed (the state
    /// changed since). The device list (last syncs) is always the current one. Only the first
    /// view of a month never computed since the hub started waits for its figures.
    /// - Parameters:
    ///   - formToken: the session's form token (put in every form), nil for a bearer-token caller.
    ///   - month: the month of the figures (default: the last complete month in Balikpapan).
    /// - Throws: ``HubError`` 500 when the store cannot be read or the figures not computed.
    public nonisolated func dashboardHTML(formToken: String?, month: DashboardMonth = .lastComplete()) async throws -> String {
        let refresher = dashboardFigures
        var current = try await dashboardCurrent()
        let kept: DashboardRefresher.Kept
        if let k = await refresher.kept(for: month) {
            kept = k
        } else {
            kept = try await refresher.figures(for: month, atLeast: current.version, hub: self)
            current = try await dashboardCurrent()
        }
        let fresh = kept.version == current.version && kept.waiting == current.waiting
        await refresher.watch(month)
        if !fresh { await refresher.refresh(hub: self) }
        let now = WallClock.nowMilliseconds()
        // The devices are always the current ones; the time the page prints moves only when they
        // changed and the figures are current (a page viewed again on an unchanged hub is the same).
        let snapshot = kept.snapshot.devices == current.devices ? kept.snapshot
            : kept.snapshot.replacingDevices(current.devices, takenAt: fresh ? now : kept.snapshot.takenAt)
        let freshness = DashboardFreshness(figuresVersion: kept.version, figuresAt: kept.snapshot.takenAt,
                                           currentVersion: current.version, refreshing: !fresh)
        return DashboardPage(options: .init(csrfToken: formToken, now: now, freshness: freshness)).render(snapshot)
    }

    /// Returns once the dashboard's figures for `month` include every event the hub holds now
    /// (a dashboard action waits for it, so the page it answers with shows its effect).
    /// - Throws: ``HubError`` 500 when the figures could not be computed.
    public nonisolated func dashboardFiguresCurrent(month: DashboardMonth = .lastComplete()) async throws {
        let version = try await dashboardCurrent().version
        try await dashboardFigures.figures(for: month, atLeast: version, hub: self)
    }

    /// Starts computing a month's figures (default: the last complete month) off the request
    /// path and keeps them current from now on, so the first view after the hub starts need
    /// not wait for them. Returns at once.
    public nonisolated func prepareDashboard(month: DashboardMonth = .lastComplete()) async {
        await dashboardFigures.watch(month)
        await dashboardFigures.refresh(hub: self)
    }

    /// Tells the dashboard that the state may have changed (after a sync): the figures of the
    /// months viewed are recomputed off the request path. Returns at once.
    public nonisolated func dashboardStateChanged() async {
        await dashboardFigures.changed(hub: self)
    }

    /// The state version, the waiting runs and the devices now (the cheap part of a page).
    func dashboardCurrent() async throws -> (version: UInt64, waiting: [WaitingSegment], devices: [DashboardDevice]) {
        try await catchUpState()
        return (kept.version, try await storage.waitingSegments(), try await dashboardDevices())
    }

    /// The devices as the dashboard lists them.
    func dashboardDevices() async throws -> [DashboardDevice] {
        try await devices().map {
            DashboardDevice(id: $0.id.description, role: $0.role.rawValue, kelurahan: $0.kelurahan.flatMap(Kelurahan.init(code:)),
                            label: $0.label, lastSync: $0.lastSync == 0 ? nil : $0.lastSync, revoked: $0.isRevoked)
        }
    }

    /// What a dashboard snapshot is made from (values: read outside the actor).
    func dashboardInputs() async throws -> DashboardInputs {
        try await catchUpState()
        return DashboardInputs(version: kept.version, waiting: try await storage.waitingSegments(), devices: try await dashboardDevices(),
                               state: kept.state, vector: kept.vector, label: storage.label,
                               pseudonymKey: storage.derivedSecret(label: "pseudonyms"), replica: storage.replica)
    }

    /// Counts a computed snapshot (``dashboardSnapshotsMade``).
    func countDashboardSnapshot() { dashboardSnapshotsMade += 1 }

    /// Resolves a conflict as `selaras resolve` does (a correction that has seen every value).
    /// - Returns: the new event's dot.
    /// - Throws: ``HubError`` 400 for an unknown record or field or a value the field refuses.
    public func resolve(entity: String, field: String, value: String) async throws -> String {
        guard let id = EntityID(entity) else { throw HubError.badRequest("entity: '\(entity)' is not a record id") }
        guard let spec = id.kind.schema.field(named: field) else { throw HubError.badRequest("field: '\(field)' is not a field of a \(id.kind.name)") }
        return try await append { (entry: RecordEntry) throws(EntryError) -> PreparedEvent in
            try entry.prepareCorrection(id, [(spec.name, value)], reason: "resolved conflict")
        }
    }

    /// Decides a possible duplicate as `selaras same-as` / `not-same` do.
    /// - Returns: the new event's dot.
    /// - Throws: ``HubError`` 400 for ids that are not two children of this store.
    public func decideDuplicate(a: String, b: String, same: Bool) async throws -> String {
        guard let x = EntityID(a), let y = EntityID(b) else { throw HubError.badRequest("a, b: two child ids (ch-…) are needed") }
        return try await append { (entry: RecordEntry) throws(EntryError) -> PreparedEvent in
            try entry.prepareLink(x, y, same: same, reason: same ? "same child (dashboard)" : "different children (dashboard)")
        }
    }

    /// Prepares one event with ``RecordEntry`` on the current state and appends it (fsynced).
    private func append(_ prepare: (RecordEntry) throws(EntryError) -> PreparedEvent) async throws -> String {
        try await catchUpState()
        let entry = RecordEntry(state: kept.state, homeKelurahan: storage.homeKelurahan, today: .today(), author: "office (hub dashboard)", standards: nil)
        let prepared: PreparedEvent
        do { prepared = try prepare(entry) } catch {
            throw HubError(status: 400, code: "bad-request", error.problems.joined(separator: "; "), underlying: error)
        }
        do {
            let event = try await storage.record(prepared.draft)
            try await catchUpState()
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
