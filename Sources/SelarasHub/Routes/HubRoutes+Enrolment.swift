import Hummingbird
import SelarasHubProtocol

extension HubRoutes {
    /// `POST /v1/enrol` (no token; a one-time code): ``EnrolRequest`` in, ``EnrolResponse`` out (201).
    static func registerEnrolment(on router: Router<BasicRequestContext>, hub: Hub) {
        router.post(RouterPath(HubAPI.enrolPath)) { request, context -> Response in
            let body: EnrolRequest
            do { body = try await request.decode(as: EnrolRequest.self, context: context) } catch {
                throw HubError.badRequest("the enrolment request is not the expected JSON object (code, publicKey, signature, label)")
            }
            return json(try await hub.enrol(body), status: 201)
        }
    }
}
