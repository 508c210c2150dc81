import Foundation
import SelarasExport
import SelarasExporters

/// A download the dashboard offers: one export format in one tier, at the hub's
/// `GET /v1/exports/{format}?tier={tier}`.
public struct ExportLink: Sendable, Hashable {
    /// The format's name (`csv.gz`), as `selaras export --list` prints it.
    public let format: String
    /// One line about the format.
    public let summary: String
    /// The tier.
    public let tier: ExportTier

    /// Creates a link.
    public init(format: String, summary: String, tier: ExportTier) {
        self.format = format
        self.summary = summary
        self.tier = tier
    }

    /// The path on the hub (format and tier percent-encoded).
    public var path: String { "/v1/exports/\(Self.encode(format))?tier=\(Self.encode(tier.rawValue))" }

    /// Every registered format in every tier, in registry order (office tier first).
    public static var all: [ExportLink] {
        ExporterRegistry.all.flatMap { e in ExportTier.allCases.filter(e.tiers.contains).map { ExportLink(format: e.format, summary: e.summary, tier: $0) } }
    }

    /// RFC 3986 unreserved characters: the only ones left unencoded.
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes everything but RFC 3986 unreserved characters (Foundation's encoder).
    static func encode(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
}
