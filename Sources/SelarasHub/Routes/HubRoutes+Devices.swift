import Hummingbird
import SelarasHubProtocol

extension HubRoutes {
    /// `GET /v1/me` (any enrolled device): its own ``DeviceInfo``.
    /// `GET /v1/devices` (office): every device's ``DeviceInfo``.
    static func registerDevices(on router: Router<BasicRequestContext>, hub: Hub) {
        router.get(RouterPath(HubAPI.mePath)) { request, _ -> Response in
            json(try await device(request, hub: hub).info)
        }
        router.get(RouterPath(HubAPI.devicesPath)) { request, _ -> Response in
            let d = try await device(request, hub: hub)
            guard d.role == .office else { throw HubError.forbidden("only the office role may list devices") }
            return json(try await hub.devices().map(\.info))
        }
    }
}
