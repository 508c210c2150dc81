/// The JSON body of every refusal: `{"error": "code", "message": "one sentence"}`.
public struct HubErrorBody: Sendable, Codable, Hashable {
    /// A stable code (`unauthorized`, `forbidden`, `forged-bundle`, `replayed-bundle`, …).
    public let error: String
    /// One sentence for people saying what is wrong.
    public let message: String

    /// Creates a body.
    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }
}
