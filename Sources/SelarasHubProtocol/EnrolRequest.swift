import SelarasModel

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

    /// The most characters and bytes of ``code``, ``publicKey`` and ``signature`` (a code is
    /// 14 characters with its dashes, a key 44 in base64, a signature 88): 128 ASCII
    /// characters, room for spaces and line breaks a copy may add.
    public static let tokenFieldLimit = TextLimit(characters: 128, bytes: 128)
    /// The most characters and bytes of ``label``: a store's label (``TextLimit/storeLabel``),
    /// which is what the hub's device registry reads back.
    public static let labelLimit = TextLimit.storeLabel

    /// Why the request cannot be taken as it is (a field over its limit in characters or
    /// bytes, a label that is not one line, a kelurahan code that does not exist), or nil. Checked before anything else, so an
    /// over-long string never reaches the registry.
    public var problem: String? {
        for (name, value) in [("code", code), ("publicKey", publicKey), ("signature", signature)] {
            if let p = Self.tokenFieldLimit.problem(value, what: name) { return p }
        }
        if let k = kelurahan, Kelurahan(code: k) == nil {
            return "kelurahan: code \(k) is not one of Balikpapan's kelurahan; allowed: 1–\(Kelurahan.all.count)"
        }
        return Self.labelLimit.oneLineProblem(label, what: "label")
    }

    /// The bytes a replica signs to enrol: `selaras-enrol:` and the normalised code.
    public static func message(code: String) -> [UInt8] {
        Array(("selaras-enrol:" + EnrolmentCode.normalise(code)).utf8)
    }
}
