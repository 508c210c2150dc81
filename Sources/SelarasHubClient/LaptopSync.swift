import Foundation
import SelarasHubProtocol
import SelarasLog
import SelarasModel
import SelarasSync

/// The laptop's side of the hub: enrol a store, and sync it (send a bundle of what the hub
/// lacks, import the bundle of what this laptop lacks, keep the hub's signed receipt).
public enum LaptopSync {
    /// What the laptop is doing, for progress displays.
    public enum Phase: Sendable {
        /// Writing the outgoing bundle: events written of total.
        case writing(UInt64, UInt64)
        /// Sending it: bytes of total.
        case sending(Int64, Int64)
        /// Receiving the answer: bytes of total (-1 unknown).
        case receiving(Int64, Int64)
        /// Verifying and importing the answer.
        case importing
    }

    /// How far the office has confirmed one of this laptop's streams.
    public struct Confirmation: Sendable, Hashable {
        /// The stream (this replica × a kelurahan).
        public let stream: StreamID
        /// The highest seq this laptop holds.
        public let held: UInt64
        /// The highest seq the hub's signed receipt says it holds.
        public let confirmed: UInt64

        /// Creates a confirmation.
        init(stream: StreamID, held: UInt64, confirmed: UInt64) {
            self.stream = stream
            self.held = held
            self.confirmed = confirmed
        }
    }

    /// What a sync did.
    public struct Report: Sendable {
        /// Events sent (including ones the hub turned out to hold already).
        public let sentEvents: UInt64
        /// Bytes of the bundle sent.
        public let sentBytes: UInt64
        /// Bytes of the answer.
        public let receivedBytes: Int64
        /// What importing the answer did here.
        public let imported: BundleImporter.Summary
        /// The hub's verified receipt.
        public let receipt: SyncReceipt
        /// Per stream of this laptop's own: held and confirmed by the hub.
        public let confirmations: [Confirmation]
    }

    /// Enrols a store with a hub: proves it holds its key by signing the code, and saves the
    /// token and the hub's identity in the store's ``HubLink`` file (mode 0600).
    /// Runs on the caller's actor (`isolation`), so an actor that owns the store (the cadre's app) can call it.
    public static func enrol(store: Store, url: String, code: String, isolation: isolated (any Actor)? = #isolation) async throws -> HubLink {
        let client = try HubClient(url: url)
        let signature = try store.sign(EnrolRequest.message(code: code))
        let answer = try await client.enrol(EnrolRequest(
            code: code, publicKey: Data(store.publicKey.rawRepresentation).base64EncodedString(),
            signature: Data(signature).base64EncodedString(), label: store.metadata.label,
            kelurahan: store.metadata.kelurahan.code))
        guard answer.device == store.replica.description, let hub = ReplicaID(hex: answer.hubReplica),
              let key = Data(base64Encoded: answer.hubPublicKey), key.count == 32,
              ReplicaID.derived(fromPublicKey: Array(key)) == hub else {
            throw HubClientError(code: "bad-answer", "the hub's enrolment answer does not match this replica or the hub's own key")
        }
        // A hub that does not compare kelurahan itself: refuse before writing anything here.
        if answer.role == .cadre, let k = answer.kelurahan, k != store.metadata.kelurahan.code {
            let theirs = Kelurahan(code: k)?.name ?? "kelurahan \(k)"
            throw HubClientError(code: "wrong-kelurahan", "this enrolment code is for a cadre of \(theirs) but this laptop's store is for \(store.metadata.kelurahan.name); nothing was saved here: ask the office to revoke device \(store.replica) and give a code for \(store.metadata.kelurahan.name)")
        }
        let link = HubLink(url: client.baseURL.absoluteString, device: store.replica, role: answer.role, kelurahan: answer.kelurahan,
                           token: answer.token, hubReplica: hub, hubKey: Array(key))
        try link.save(in: store.directory)
        return link
    }

    /// Syncs a store with its hub.
    ///
    /// A cut connection loses nothing: the outgoing bundle is rewritten on the next sync from
    /// what the hub last confirmed, and importing is idempotent.
    /// - Throws: ``HubClientError`` (network, refusals with the hub's message, a receipt that
    ///   does not verify), ``SyncError`` when the answer bundle is refused, ``StoreError``.
    /// Runs on the caller's actor (`isolation`), so an actor that owns the store (the cadre's app) can call it.
    public static func sync(store: Store, link: HubLink, isolation: isolated (any Actor)? = #isolation,
                            progress: @escaping @Sendable (Phase) -> Void = { _ in }) async throws -> Report {
        guard link.role.maySync else {
            throw HubClientError(code: "forbidden", "this laptop is enrolled as \(link.role.rawValue), which may download exports but not sync")
        }
        let client = try HubClient(url: link.url)
        let state = try SyncState.load(store)
        let assumed = state.peers[link.hubReplica] ?? VersionVector()
        let dir = store.directory + "/transfer"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let stamp = UUID().uuidString.lowercased()
        let outPath = dir + "/up-\(stamp).slb", answerPath = dir + "/down-\(stamp).slb"
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: answerPath)
        }
        let scope: Set<UInt16>? = link.role == .cadre ? [link.kelurahan ?? 0] : nil
        // Sent once and removed: not fsynced (lost in a crash, it is written again on the next sync).
        var writer = BundleWriter(store: store, state: state)
        writer.durable = false
        let written = try writer.write(to: outPath, assumed: assumed, kelurahan: scope) {
            progress(.writing($0, $1))
        }
        let sha = try FileDigest.sha256(of: outPath)
        let answer = try await client.sync(bundlePath: outPath, token: link.token, answerPath: answerPath) { p in
            switch p {
            case .sent(let a, let b): progress(.sending(a, b))
            case .received(let a, let b): progress(.receiving(a, b))
            }
        }
        let receipt: SyncReceipt
        do { receipt = try SyncReceipt.verified(headerValue: answer.receipt, hubKey: link.hubKey) } catch {
            throw HubClientError(code: "bad-receipt", "the hub's receipt does not verify: \(error)", underlying: error)
        }
        guard receipt.hub == link.hubReplica, receipt.device == store.replica, receipt.bundleSHA256 == sha else {
            throw HubClientError(code: "bad-receipt", "the hub's receipt is for another hub, device or bundle")
        }
        progress(.importing)
        // Read again (an actor owning the store may have imported a bundle meanwhile), once: it
        // verifies the answer, and what the receipt says the hub holds is saved with the import,
        // in one write (three reads and two writes of the file before).
        var after = try SyncState.load(store)
        after.peers[link.hubReplica] = (after.peers[link.hubReplica] ?? VersionVector()).merged(with: receipt.vector)
        let answerBundle = try VerifiedBundle.read(answerPath, knownKeys: after.keys)
        let imported = try BundleImporter(store: store).apply(answerBundle, state: &after, name: answerPath)
        let vv = store.versionVector
        let confirmations = vv.streams.filter { $0.origin == store.replica }
            .map { Confirmation(stream: $0, held: vv[$0], confirmed: receipt.vector[$0]) }
        return Report(sentEvents: written.events, sentBytes: written.fileBytes, receivedBytes: answer.bytesReceived,
                      imported: imported, receipt: receipt, confirmations: confirmations)
    }
}
