import Foundation

/// A browser's dashboard session on the hub (office only), opened by a login link: the
/// cookie value is known only to the browser (the hub keeps its hash), and every form must
/// carry the session's own form token (CSRF). Its ``id`` and ``label`` name it in the audit
/// log when it downloads an export.
public struct DashboardSession: Sendable {
    /// A random id for people and the audit log (16 hex digits; not the cookie, nor derived from it).
    public let id: String
    /// Who the login link was made for (`selaras hub login-link --for NAME`); empty when not given.
    public let label: String
    /// The per-session form token every POST must carry in its `csrf` field.
    public let formToken: String
    /// When the session ends (milliseconds since 1970).
    public let expiresAt: Int64
    /// How long a session lasts: 8 hours (a working day).
    public static let lifetimeMilliseconds: Int64 = 8 * 3600 * 1000
    /// The cookie's name.
    public static let cookieName = "selaras_session"

    /// Creates a session (the hub opens them; a database store reads them back).
    public init(id: String, label: String, formToken: String, expiresAt: Int64) {
        self.id = id
        self.label = label
        self.formToken = formToken
        self.expiresAt = expiresAt
    }
}
