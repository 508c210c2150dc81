import Hummingbird

/// The request context of the app's routes: the parsed form of a POST and the session's CSRF
/// token, filled in by ``AppGuard`` before any route runs.
public struct AppRequestContext: RequestContext {
    /// Hummingbird's core storage.
    public var coreContext: CoreRequestContextStorage
    /// The decoded form of a POST (empty for a GET).
    public var form = FormBody()
    /// The CSRF token to put in every form of the page.
    public var csrf = ""

    /// Creates a context for a new request.
    public init(source: Source) { coreContext = .init(source: source) }
}
