import Foundation
import Logging
import SelarasHubProtocol
import SelarasLog
import SelarasModel
import SelarasSync

extension Hub {
    /// What a sync produced: the bundle for the device (a file in the staging directory,
    /// which the caller streams and then removes) and the signed receipt.
    public struct SyncOutcome: Sendable {
        /// The bundle of what the device lacks in its scope.
        public let responsePath: String
        /// The signed receipt.
        public let receipt: SyncReceipt
        /// Events in the response bundle.
        public let eventsSent: UInt64
    }

    /// The kelurahan codes a device may sync (nil: all).
    nonisolated func scope(of device: Device) -> Set<UInt16>? {
        device.role == .cadre ? Set([device.kelurahan ?? 0]) : nil
    }

    /// The origin keys the hub knows now: a snapshot for ``verifyUpload(_:knownKeys:)``.
    /// - Throws: ``HubError`` 500 when the sync state cannot be read.
    public func knownKeys() async throws -> [ReplicaID: [UInt8]] {
        do { return try await storage.knownKeys() } catch { throw HubError.io("could not read the hub's sync state", error) }
    }

    /// Verifies a staged upload completely (digest, signatures, chains, every event), reading
    /// it in bounded chunks, outside the hub's isolation: syncs do not queue behind each
    /// other's verification. ``sync(device:bundle:sha256:)`` then re-checks what may have
    /// changed since (keys learned meanwhile) and applies it.
    /// - Parameters:
    ///   - path: the staged upload.
    ///   - knownKeys: the hub's known origin keys (``knownKeys()``).
    /// - Throws: ``HubError``: 400 malformed, 422 forged, 500 I/O.
    public nonisolated static func verifyUpload(_ path: String, knownKeys: [ReplicaID: [UInt8]]) throws -> VerifiedBundle {
        do { return try VerifiedBundle.read(path, name: "the uploaded bundle", knownKeys: knownKeys) } catch let e as SyncError {
            throw httpError(e)
        }
    }

    /// Verifies a whole uploaded bundle, applies it, and writes the answer (verification and
    /// application in one call; the route verifies first with ``verifyUpload(_:knownKeys:)``).
    /// - Throws: as ``sync(device:bundle:sha256:)``, and 400/422 when the bundle does not verify.
    public func sync(device: Device, uploadPath: String, sha256: [UInt8]) async throws -> SyncOutcome {
        let bundle = try Self.verifyUpload(uploadPath, knownKeys: try await knownKeys())
        return try await sync(device: device, bundle: bundle, sha256: sha256)
    }

    /// Applies a verified uploaded bundle and writes the answer.
    ///
    /// Nothing is applied unless the bundle verified completely, was made and signed by this
    /// device, holds only streams in the device's scope, was not received before, and is
    /// consistent with the hub's state now (no other key for an origin learned since it was
    /// verified, no fork); its events are read again from the verified file while applied.
    /// - Parameters:
    ///   - device: the authenticated device (re-checked: a revocation since then wins).
    ///   - bundle: the verified upload.
    ///   - sha256: SHA-256 of the uploaded file.
    /// - Throws: ``HubError``: 422 forged (or changed since verified), 403 another device's
    ///   bundle or outside the device's kelurahan, 409 replayed or a fork, 500 I/O.
    public func sync(device: Device, bundle: VerifiedBundle, sha256: [UInt8]) async throws -> SyncOutcome {
        let device = try await current(device)
        guard device.role.maySync else { throw HubError.forbidden("the \(device.role.rawValue) role may not sync") }
        // Keys learned since the upload was verified are checked by `apply` (SyncState.learnKeys):
        // a known key never changes, and its refusal maps to 422 below.
        guard bundle.header.creator == device.id else {
            throw HubError(status: 403, code: "not-your-bundle", "the uploaded bundle was made by replica \(bundle.header.creator), not by this device (\(device.id)); nothing was imported")
        }
        if let scope = scope(of: device), let outside = bundle.sections.first(where: { !scope.contains($0.info.stream.kelurahanCode) }) {
            let name = Kelurahan(code: outside.info.stream.kelurahanCode)?.name ?? "code \(outside.info.stream.kelurahanCode)"
            throw HubError(status: 403, code: "outside-kelurahan", "the uploaded bundle holds stream \(outside.info.stream) of \(name); a cadre device may push only its own kelurahan's data; nothing was imported")
        }
        guard !device.recentBundles.contains(sha256) else {
            throw HubError(status: 409, code: "replayed-bundle", "this exact bundle was already received from device \(device.id); a replayed bundle is refused and nothing was imported (run `selaras sync` to make a new one)")
        }
        let summary: BundleImporter.Summary
        do {
            summary = try await applyGrouped(bundle, name: "the uploaded bundle")
        } catch let e as SyncError {
            throw Self.httpError(e)
        } catch {
            throw HubError.io("could not apply the bundle from device \(device.id)", error)
        }
        // The kept state folds these events in when it is next read (``catchUpState()``): a
        // burst of syncs pays no fold, and the first reader after it folds only what is new.
        let now = WallClock.nowMilliseconds()
        syncNotes.note(device.id, syncedAt: now, bundle: sha256)
        await flushSyncNotes()
        let scope = scope(of: device)
        let responsePath = stagingPath("down")
        let sent: UInt64
        do {
            sent = try await storage.writeAnswer(to: responsePath, assumed: bundle.header.covers, scope: scope)
        } catch { throw HubError.io("could not write the answer bundle for device \(device.id)", error) }
        let vv: VersionVector
        do { vv = try await storage.versionVector() } catch { throw HubError.io("could not read the hub's version vector", error) }
        var inScope = VersionVector()
        for s in vv.streams where scope == nil || scope!.contains(s.kelurahanCode) { inScope[s] = vv[s] }
        let receipt = try SyncReceipt(hub: replica, device: device.id, receivedAt: now, bundleSHA256: sha256,
                                      appended: summary.appended, alreadyHeld: summary.alreadyHeld,
                                      pending: summary.pending, vector: inScope, sign: { try storage.sign($0) })
        logger.info("sync", metadata: ["device": "\(device.id)", "role": "\(device.role.rawValue)",
                                       "received": "\(bundle.header.eventCount)", "appended": "\(summary.appended)",
                                       "pending": "\(summary.pending)", "sent": "\(sent)"])
        return SyncOutcome(responsePath: responsePath, receipt: receipt, eventsSent: sent)
    }

    /// The device as the registry holds it now (a revocation since authentication wins).
    func current(_ device: Device) async throws -> Device {
        guard let d = try await devices().first(where: { $0.id == device.id }), !d.isRevoked,
              d.tokenHash == device.tokenHash else {
            throw HubError(status: 401, code: "revoked", "device \(device.id)'s access was revoked; ask the office for a new enrolment code")
        }
        return d
    }

    /// Maps a bundle refusal to its HTTP status.
    static func httpError(_ e: SyncError) -> HubError {
        switch e.code {
        case .malformed: HubError(status: 400, code: "malformed-bundle", e.message, underlying: e)
        case .forged: HubError(status: 422, code: "forged-bundle", e.message, underlying: e)
        case .fork: HubError(status: 409, code: "fork", e.message, underlying: e)
        case .implausible: HubError(status: 422, code: "implausible-bundle", e.message, underlying: e)
        case .io: HubError(status: 500, code: "io", e.message, underlying: e)
        }
    }
}
