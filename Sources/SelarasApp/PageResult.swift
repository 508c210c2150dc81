/// What a page handler answers: a rendered page or a redirect (after a save).
public enum PageResult: Sendable {
    /// HTML with a status.
    case page(String, status: Int)
    /// A 303 to a path of the app.
    case redirect(String)
}
