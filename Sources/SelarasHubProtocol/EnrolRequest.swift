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
    /// The code (1…34) of the store's own kelurahan: a cadre code for another kelurahan is
    /// refused (the laptop could never send its records). Nil from laptops that predate it.
    public let kelurahan: UInt16?

    /// Creates a request.
    public init(code: String, publicKey: String, signature: String, label: String, kelurahan: UInt16? = nil) {
        self.code = code
        self.publicKey = publicKey
        self.signature = signature
        self.label = label
        self.kelurahan = kelurahan
    }

    /// The bytes a replica signs to enrol: `selaras-enrol:` and the normalised code.
    public static func message(code: String) -> [UInt8] {
        Array(("selaras-enrol:" + EnrolmentCode.normalise(code)).utf8)
    }
}
