import HTTPTypes
import Hummingbird
import SelarasHubProtocol

extension HubRoutes {
    /// `GET /v1/exports/{format}?tier=analyst|office` (analyst: analyst tier; office: both,
    /// with a bearer token or from a dashboard session's cookie): the export streamed, its
    /// SHA-256 in `Selaras-Content-SHA256`, audited (device or session) before sending.
    static func registerExports(on router: Router<BasicRequestContext>, hub: Hub) {
        router.get(RouterPath(HubAPI.exportsPath + "/:format")) { request, context -> Response in
            let downloader: Downloader
            if request.headers[.authorization] != nil {
                downloader = .device(try await device(request, hub: hub))
            } else if let session = await hub.session(cookie: request.cookies[DashboardSession.cookieName]?.value) {
                downloader = .session(session)
            } else {
                throw HubError.unauthorized("a download needs a device token (Authorization: Bearer TOKEN) or an office dashboard session (`selaras hub login-link`)")
            }
            let format = context.parameters.get("format") ?? ""
            let tier = request.uri.queryParameters.get("tier") ?? "analyst"
            let download = try await hub.prepareDownload(by: downloader, format: format, tier: tier)
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
