import SelarasHubProtocol
import SelarasModel

extension Hub {
    /// Makes a one-time enrolment code (valid 24 hours) in the hub's storage, whichever it is.
    /// - Parameters:
    ///   - role: the role the enrolled device gets.
    ///   - kelurahan: the kelurahan a cadre's device serves (ignored for other roles).
    /// - Returns: the code (only its hash is stored).
    /// - Throws: the storage's error.
    public func createEnrolment(role: HubRole, kelurahan: Kelurahan?, now: Int64 = WallClock.nowMilliseconds()) async throws -> String {
        let code = EnrolmentCode.generate()
        try await updateRegistry { reg in Self.addEnrolment(code, role: role, kelurahan: kelurahan, now: now, to: &reg) }
        return code
    }

    /// Adds a pending enrolment for `code` (its hash, valid 24 hours) to a registry, dropping
    /// expired ones: what every way of making a code does to the registry it changes.
    public static func addEnrolment(_ code: String, role: HubRole, kelurahan: Kelurahan?, now: Int64, to reg: inout DeviceRegistry) {
        reg.pending.removeAll { $0.expiresAt <= now }
        reg.pending.append(PendingEnrolment(codeHash: EnrolmentCode.hash(code), role: role,
                                            kelurahan: role == .cadre ? kelurahan?.code : nil,
                                            expiresAt: now + RegistryFile.codeLifetimeMilliseconds))
    }

    /// Makes a one-time dashboard login code in the hub's storage, whichever it is.
    /// - Throws: ``HubError`` 400 for a label that is too long or not one line; the storage's error.
    public func createLoginCode(label: String, now: Int64 = WallClock.nowMilliseconds()) async throws -> String {
        try await storage.createLoginCode(label: label, now: now)
    }

    /// Revokes a device's access at once, in the hub's storage (its data stays).
    /// - Returns: the device as it is now.
    /// - Throws: ``HubError`` 404 `unknown-device` when no device has that id; the storage's error.
    public func revoke(_ id: ReplicaID, now: Int64 = WallClock.nowMilliseconds()) async throws -> Device {
        try await updateRegistry { reg in
            guard var d = reg.devices[id] else {
                throw HubError(status: 404, code: "unknown-device", "no enrolled device has id \(id); see `selaras hub devices`")
            }
            if !d.isRevoked { d.revokedAt = now }
            reg.devices[id] = d
            return d
        }
    }

    /// The download audit log, oldest first, from the hub's storage.
    /// - Throws: the storage's error.
    public func auditEntries() async throws -> [AuditLog.Entry] {
        try await storage.auditEntries()
    }
}
