/// Reads a deflate stream's bits, least significant first (RFC 1951 §3.1.1), from a buffer.
/// Past the end it reads zeros; ``position`` then passes ``totalBits``, which the caller checks
/// (nothing here traps on any input).
struct DeflateBitReader {
    private let bytes: UnsafeRawBufferPointer
    /// The next byte to load into ``buffer``.
    private var next = 0
    /// Bits loaded and not yet consumed, lowest first.
    private var buffer: UInt64 = 0
    /// How many bits ``buffer`` holds.
    private var count = 0

    /// The stream's length in bits.
    let totalBits: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        totalBits = bytes.count * 8
    }

    /// Bits consumed so far.
    var position: Int { next * 8 - count }

    /// Whether more bits were consumed than the stream has.
    var overran: Bool { position > totalBits }

    /// Loads bytes until at least 57 bits are buffered (enough for a length code, its extra
    /// bits, a distance code and its extra bits: 15 + 5 + 15 + 13 = 48).
    mutating func refill() {
        while count <= 56 {
            let b: UInt64 = next < bytes.count ? UInt64(bytes[next]) : 0
            buffer |= b << UInt64(count)
            next += 1
            count += 8
        }
    }

    /// The next `n` bits (n ≤ 32) without consuming them; call ``refill()`` first.
    func peek(_ n: Int) -> Int { Int(truncatingIfNeeded: buffer & ((1 << UInt64(n)) &- 1)) }

    /// Consumes `n` bits (n ≤ the buffered count).
    mutating func skip(_ n: Int) {
        buffer >>= UInt64(n)
        count -= n
    }

    /// Reads `n` bits (n ≤ 32) as a number, refilling as needed.
    mutating func read(_ n: Int) -> Int {
        if count < n { refill() }
        let v = peek(n)
        skip(n)
        return v
    }

    /// Moves to bit `bit` of the stream (forward or back), clamped to just past the end.
    mutating func seek(toBit bit: Int) {
        let b = min(max(0, bit), totalBits + 8)
        next = b / 8
        buffer = 0
        count = 0
        refill()
        skip(b % 8)
    }
}
