/// What an enrolled device may do at the hub.
///
/// | role | sync | exports |
/// |---|---|---|
/// | cadre | its own kelurahan's streams only (push and pull) | none |
/// | office | every stream | analyst and office tiers |
/// | analyst | none | analyst tier only |
public enum HubRole: String, Sendable, Codable, CaseIterable {
    /// A posyandu cadre's laptop: syncs its own kelurahan's data only.
    case cadre
    /// The health office: syncs everything, downloads identified (office-tier) exports.
    case office
    /// An analyst: downloads pseudonymised (analyst-tier) exports only.
    case analyst

    /// The one-byte code in the hub's binary registry.
    public var code: UInt8 {
        switch self {
        case .cadre: 1
        case .office: 2
        case .analyst: 3
        }
    }

    /// The role for a registry code, or nil.
    public init?(code: UInt8) {
        guard let r = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = r
    }

    /// Whether this role may sync (push and pull bundles).
    public var maySync: Bool { self != .analyst }

    /// Whether this role may download exports of a tier (`"analyst"` or `"office"`).
    public func mayDownload(tier: String) -> Bool {
        switch self {
        case .cadre: false
        case .analyst: tier == "analyst"
        case .office: tier == "analyst" || tier == "office"
        }
    }
}
