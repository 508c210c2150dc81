/// The most a piece of text may hold, counted twice: in characters (grapheme clusters, what
/// people see and count) and in UTF-8 bytes (what the disk holds and what every decoder reads
/// back). A value must fit both, so that whatever entry accepts, every reader accepts too.
///
/// One home for the limits of every free text written to disk: record fields (see
/// ``FieldSpec/textLimit``), an event's author and reason (``author``, ``reason``), a store's
/// label (``storeLabel``, also the device label at the hub) and a dashboard login label
/// (``loginLabel``). Writers check with ``problem(_:what:)``; readers read at most ``bytes``.
public struct TextLimit: Sendable, Hashable, CustomStringConvertible {
    /// The most characters (extended grapheme clusters).
    public let characters: Int
    /// The most UTF-8 bytes.
    public let bytes: Int

    /// Bytes allowed per character by default: 4 is the longest one-scalar character in
    /// UTF-8, so any text typed on a keyboard fits, and a flood of combining accents on one
    /// letter (one character, thousands of bytes) does not.
    public static let bytesPerCharacter = 4

    /// A limit of `characters` characters and `bytes` bytes.
    public init(characters: Int, bytes: Int) {
        precondition(characters >= 0 && bytes >= characters, "a text limit needs 0 ≤ characters ≤ bytes")
        self.characters = characters
        self.bytes = bytes
    }

    /// A limit of `characters` characters and ``bytesPerCharacter`` bytes for each.
    public init(characters: Int) {
        self.init(characters: characters, bytes: characters * Self.bytesPerCharacter)
    }

    /// Whether `text` fits both limits. O(length); stops early on long text.
    public func allows(_ text: String) -> Bool {
        text.utf8.count <= bytes && text.count <= characters
    }

    /// One sentence saying why `text` does not fit, or nil when it does.
    /// - Parameter what: the name of the field or flag (`name`, `--label`, `reason`).
    /// - Returns: for example "name: 'Aaaa…' is 121 characters and 9,721 bytes; allowed: at most
    ///   120 characters and 480 bytes (UTF-8)".
    public func problem(_ text: String, what: String) -> String? {
        let byteCount = text.utf8.count
        // A character takes at least one byte: within both limits in bytes, within both.
        if byteCount <= bytes, byteCount <= characters { return nil }
        // Counting characters of a huge text is slow; past the byte limit the answer is known.
        let characterCount = byteCount <= bytes * 4 ? text.count : nil
        if byteCount <= bytes, let c = characterCount, c <= characters { return nil }
        let shown = Self.excerpt(text)
        let chars = characterCount.map { "\($0) characters" } ?? "more than \(characters) characters"
        return "\(what): '\(shown)' is \(chars) and \(byteCount) bytes; allowed: \(description)"
    }

    /// One sentence saying why `text` is not one line within this limit (over it in characters
    /// or bytes, or holding a control character or a line or paragraph separator), or nil. The
    /// rule for labels: a store's, a device's, a login link's.
    /// - Parameter what: the name of the field or flag (`--label`, `label`).
    public func oneLineProblem(_ text: String, what: String) -> String? {
        if let p = problem(text, what: what) { return p }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.isLineOrParagraphSeparator }) {
            return "\(what): '\(Self.excerpt(text))' is not one line (it holds a line break, tab or other control character); allowed: one line of \(description)"
        }
        return nil
    }

    /// The first `scalars` Unicode scalars of `text` and "…" when there are more, control
    /// characters written as escapes (`\n`), for quoting a value in a one-line message without
    /// printing kilobytes of it.
    public static func excerpt(_ text: String, scalars: Int = 40) -> String {
        var out = ""
        for (i, scalar) in text.unicodeScalars.enumerated() {
            if i == scalars { return out + "…" }
            if scalar.properties.generalCategory == .control { out += scalar.escaped(asASCII: true) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// "at most 120 characters and 480 bytes (UTF-8)".
    public var description: String { "at most \(characters) characters and \(bytes) bytes (UTF-8)" }

    /// Who recorded an event (`--author`, `SELARAS_AUTHOR`, or else the store's label, so it
    /// holds any ``storeLabel``): 256 characters, 1,024 bytes (what events always read back).
    public static let author = TextLimit(characters: 256)
    /// Why a correction, void or link was made: 1,024 characters, 4,096 bytes (what events
    /// always read back).
    public static let reason = TextLimit(characters: 1024)
    /// A store's label (`selaras init --label`), which is also the default author and the
    /// laptop's label in the hub's device registry: 250 characters, 1,000 bytes (what the
    /// replica file always read back).
    public static let storeLabel = TextLimit(characters: 250)
    /// Who a dashboard login link is for: 100 characters, 400 bytes.
    public static let loginLabel = TextLimit(characters: 100)
}

extension Unicode.Scalar.Properties {
    /// U+2028 LINE SEPARATOR or U+2029 PARAGRAPH SEPARATOR.
    var isLineOrParagraphSeparator: Bool { generalCategory == .lineSeparator || generalCategory == .paragraphSeparator }
}
