/// One typed value of a record field.
///
/// Decimal quantities are fixed-point integers (`number`) whose scale comes from the field's
/// ``FieldType`` (weight 8.4 kg with scale 1 is stored as 84), so that values compare and
/// hash exactly and encode in one canonical way.
public enum FieldValue: Sendable, Hashable {
    /// Free or constrained text (names, NIK as digits, choices like `lying`).
    case text(String)
    /// A fixed-point or whole number; see the field's scale.
    case number(Int64)
    /// A calendar date.
    case date(LocalDate)
    /// Yes or no.
    case bool(Bool)
    /// A reference to another record (a growth check's child).
    case reference(EntityID)

    /// The value as text for people and CSV, using the field type for decimals.
    /// - Parameter type: the field's type (needed to place the decimal point).
    public func formatted(as type: FieldType) -> String {
        switch self {
        case .text(let s): return s
        case .number(let n): return FieldType.formatFixed(n, scale: type.scale)
        case .date(let d): return d.description
        case .bool(let b): return b ? "yes" : "no"
        case .reference(let id): return id.description
        }
    }

    /// The text, if this is a text value.
    public var text: String? { if case .text(let s) = self { s } else { nil } }
    /// The raw fixed-point number, if this is a number.
    public var number: Int64? { if case .number(let n) = self { n } else { nil } }
    /// The date, if this is a date.
    public var date: LocalDate? { if case .date(let d) = self { d } else { nil } }
    /// The flag, if this is a yes/no value.
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// The referenced record, if this is a reference.
    public var reference: EntityID? { if case .reference(let r) = self { r } else { nil } }
}
