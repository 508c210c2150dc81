import SelarasHubProtocol
import SelarasModel

/// A refusal or failure at the hub: the HTTP status it answers with, a stable code, one
/// sentence for people, and the cause.
public struct HubError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status code (401, 403, 409, 413, 422, …).
    public let status: Int
    /// A stable code (`unauthorized`, `forbidden`, `forged-bundle`, …).
    public let code: String
    /// One sentence for people; never holds a token or personal data.
    public let message: String
    /// The cause, if any.
    public let underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(status: Int, code: String, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }

    /// The JSON body sent to the client.
    public var body: HubErrorBody { HubErrorBody(error: code, message: message) }

    static func unauthorized(_ m: String) -> HubError { HubError(status: 401, code: "unauthorized", m) }
    static func forbidden(_ m: String) -> HubError { HubError(status: 403, code: "forbidden", m) }
    static func badRequest(_ m: String) -> HubError { HubError(status: 400, code: "bad-request", m) }
    /// 422 `invalid-value`: a value over its limit or not of its form; nothing was changed.
    static func invalidValue(_ m: String) -> HubError { HubError(status: 422, code: "invalid-value", m) }
    /// A cadre code for one kelurahan presented by a store of another (409; the code stays usable).
    static func wrongKelurahan(code: UInt16, store: UInt16) -> HubError {
        func name(_ k: UInt16) -> String { Kelurahan(code: k)?.name ?? "kelurahan \(k)" }
        return HubError(status: 409, code: "wrong-kelurahan",
                        "this enrolment code is for a cadre of \(name(code)) but this laptop's store is for \(name(store)); ask the office for a code for \(name(store)), or enrol a \(name(code)) store")
    }
    static func io(_ m: String, _ cause: (any Error)? = nil) -> HubError {
        HubError(status: 500, code: "io", m, underlying: cause)
    }
}
