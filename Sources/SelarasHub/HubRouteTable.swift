import Hummingbird

/// The hub's routes as (method, path pattern) pairs, to tell a path that does not exist (404)
/// from a method the path does not take (405, with the methods it does take).
struct HubRouteTable: Sendable {
    /// Each route's path segments (a capture, written `{name}`, or `*` matches any one
    /// segment) and method.
    let routes: [(segments: [Substring], method: String)]

    /// The routes registered on `router`.
    init(_ router: Router<BasicRequestContext>) {
        routes = router.routes.map { (Self.segments($0.path.description), $0.method.rawValue) }
    }

    /// The methods `path` answers to, sorted; empty when no route has that path.
    func methods(for path: String) -> [String] {
        let wanted = Self.segments(path)
        let found = routes.filter { route in
            route.segments.count == wanted.count
                && zip(route.segments, wanted).allSatisfy { pattern, segment in pattern.hasPrefix("{") || pattern == "*" || pattern == segment }
        }.map(\.method)
        return Array(Set(found)).sorted()
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
