/// `POST /v1/enrol` body: a one-time code, the replica's Ed25519 public key and a signature
/// proving the replica holds the matching private key.
public struct EnrolRequest: Sendable, Codable, Hashable {
    /// The one-time code from `selaras hub enrol` (dashes and case ignored).
    public let code: String
    /// The replica's Ed25519 public key, base64 (32 bytes).
    public let publicKey: String
    /// Ed25519 signature, base64, of ``message(code:)`` with the replica's private key.
    public let signature: String
    /// A name for people (the store's label); never used for access.
    public let label: String

    /// Creates a request.
    public init(code: String, publicKey: String, signature: String, label: String) {
        self.code = code
        self.publicKey = publicKey
        self.signature = signature
        self.label = label
    }

    /// The bytes a replica signs to enrol: `selaras-enrol:` and the normalised code.
    public static func message(code: String) -> [UInt8] {
        Array(("selaras-enrol:" + EnrolmentCode.normalise(code)).utf8)
    }
}
