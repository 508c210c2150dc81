import SelarasModel

extension FuzzTarget {
    /// Decodes `data` as one canonical event. The codec promises `encode(decode(b)) == b` for
    /// every accepted `b`, so an accepted input that encodes to other bytes stops the process
    /// (`fatalError`): libFuzzer then saves it as a crash.
    /// - Parameter data: an event's encoding.
    /// - Returns: whether the bytes decoded.
    @discardableResult
    public static func fuzzEvent(_ data: UnsafeRawBufferPointer) -> Bool {
        guard let event = try? Event.decode(data) else { return false }
        let again = event.encoded
        guard again.elementsEqual(data) else {
            fatalError("Event.decode accepted \(data.count) bytes that encode again to \(again.count) different bytes (not canonical)")
        }
        return true
    }
}
