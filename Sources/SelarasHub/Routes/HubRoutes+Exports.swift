import HTTPTypes
import Hummingbird
import SelarasHubProtocol

extension HubRoutes {
    /// `GET /v1/exports/{format}?tier=analyst|office` (analyst: analyst tier; office: both):
    /// the export streamed, its SHA-256 in `Selaras-Content-SHA256`, audited before sending.
    static func registerExports(on router: Router<BasicRequestContext>, hub: Hub) {
        router.get(RouterPath(HubAPI.exportsPath + "/:format")) { request, context -> Response in
            let d = try await device(request, hub: hub)
            let format = context.parameters.get("format") ?? ""
            let tier = request.uri.queryParameters.get("tier") ?? "analyst"
            let download = try await hub.prepareDownload(device: d, format: format, tier: tier)
            let body = try await StagedFile.body(streaming: download.path, removing: download.stagingDirectory, context: context)
            return Response(status: .ok, headers: [
                .contentType: download.mediaType,
                .contentDisposition: "attachment; filename=\"\(download.fileName)\"",
                header(HubAPI.contentSHA256Header): hex(download.sha256),
                header(HubAPI.fileNameHeader): download.fileName,
            ], body: body)
        }
    }
}
