import Foundation
import HTTPTypes
import Hummingbird
import SelarasHubProtocol

extension HubRoutes {
    /// `POST /v1/sync` (cadre, office): a bundle in (streamed to a staging file, size-limited),
    /// the bundle of what the device lacks out, the signed receipt in `Selaras-Receipt`.
    static func registerSync(on router: Router<BasicRequestContext>, hub: Hub) {
        router.post(RouterPath(HubAPI.syncPath)) { request, context -> Response in
            let d = try await device(request, hub: hub)
            guard d.role.maySync else { throw HubError.forbidden("the \(d.role.rawValue) role may not sync") }
            let limit = hub.configuration.maxUploadBytes
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
                throw StagedFile.tooLarge(limit)
            }
            let upload = hub.stagingPath("up")
            defer { try? FileManager.default.removeItem(atPath: upload) }
            let sha = try await StagedFile.receive(request.body, to: upload, limit: limit)
            // Verified here, outside the hub actor (syncs do not queue behind each other's
            // verification); the actor re-checks against its state when it applies.
            let bundle = try Hub.verifyUpload(upload, knownKeys: try await hub.knownKeys())
            let outcome = try await hub.sync(device: d, bundle: bundle, sha256: sha)
            if outcome.receipt.appended + outcome.receipt.pending > 0 { await hub.dashboardStateChanged() }
            let body = try await StagedFile.body(streaming: outcome.responsePath, removing: outcome.responsePath, context: context)
            return Response(status: .ok, headers: [.contentType: HubAPI.bundleMediaType,
                                                   header(HubAPI.receiptHeader): outcome.receipt.headerValue], body: body)
        }
    }
}
