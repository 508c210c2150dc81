import SelarasModel

/// Two children that may be the same child registered twice, with the evidence.
public struct DuplicateCandidate: Sendable, Hashable {
    /// The smaller id (the one that survives a `same-as` decision).
    public let first: EntityID
    /// The larger id.
    public let second: EntityID
    /// Why they look alike: `same NIK`, `same name, birth date and mother`, `same name, birth date and kelurahan`.
    public let evidence: [String]
    /// The standing decision: nil (open), true (same child), false (different children).
    public let decision: Bool?
}
