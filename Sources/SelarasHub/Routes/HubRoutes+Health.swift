import Hummingbird
import SelarasHubProtocol

extension HubRoutes {
    /// `GET /v1/health` (no token): `{"status": "ok", "hub": ID}`.
    static func registerHealth(on router: Router<BasicRequestContext>, hub: Hub) {
        router.get(RouterPath(HubAPI.healthPath)) { _, _ in
            json(["status": "ok", "hub": hub.replica.description])
        }
    }
}
