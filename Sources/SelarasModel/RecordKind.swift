/// The three kinds of record a cadre enters.
public enum RecordKind: UInt8, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// A child in the registry (fields change over time).
    case child = 1
    /// A growth check (weight, length/height, …): an observation.
    case growthCheck = 2
    /// An RTLH house survey: an observation.
    case houseSurvey = 3

    /// The id prefix: `ch`, `gc`, `hs`.
    public var idPrefix: String {
        switch self {
        case .child: "ch"
        case .growthCheck: "gc"
        case .houseSurvey: "hs"
        }
    }

    /// The name used on the command line and in `--kind`: `child`, `check`, `survey`.
    public var name: String {
        switch self {
        case .child: "child"
        case .growthCheck: "check"
        case .houseSurvey: "survey"
        }
    }

    /// The field schema of this kind.
    public var schema: RecordSchema {
        switch self {
        case .child: RecordSchema.child
        case .growthCheck: RecordSchema.growthCheck
        case .houseSurvey: RecordSchema.houseSurvey
        }
    }

    /// The name.
    public var description: String { name }

    public static func < (a: RecordKind, b: RecordKind) -> Bool { a.rawValue < b.rawValue }
}
