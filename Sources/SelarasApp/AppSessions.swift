/// The app's secrets: the one-time login token printed at start, the sessions it opened (a
/// random cookie each, with its own CSRF token), and the port the app is bound to (for the
/// `Host` and `Origin` checks).
public actor AppSessions {
    private var loginToken: String?
    private var sessions: [String: String] = [:]
    /// The port the server listens on (0 until it is bound).
    public private(set) var port = 0

    /// Creates the secrets with a fresh one-time token.
    public init() { loginToken = Self.randomHex(bytes: 24) }

    /// The one-time login token, until it is used (then nil).
    public var pendingLoginToken: String? { loginToken }

    /// Records the bound port.
    public func bound(port: Int) { self.port = port }

    /// Uses the one-time token: on a match, opens a session and returns its cookie value and
    /// CSRF token; the token then no longer works. Compared in constant time.
    public func login(token: String) -> (session: String, csrf: String)? {
        guard let expected = loginToken, Self.same(token, expected) else { return nil }
        loginToken = nil
        let session = Self.randomHex(bytes: 24)
        let csrf = Self.randomHex(bytes: 24)
        sessions[session] = csrf
        return (session, csrf)
    }

    /// The CSRF token of an open session, or nil when `session` is not one.
    public func csrf(session: String) -> String? {
        // Look up by constant-time comparison rather than by hash, so timing says nothing.
        for (s, c) in sessions where Self.same(s, session) { return c }
        return nil
    }

    /// `count` random bytes from the system's generator, as hex.
    static func randomHex(bytes count: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let b = UInt8.random(in: 0...255, using: &g)
            return String(b >> 4, radix: 16) + String(b & 15, radix: 16)
        }.joined()
    }

    /// Constant-time equality of two strings' UTF-8 bytes.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
