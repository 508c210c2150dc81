import SelarasModel

extension SyncState {
    /// Learns the keys a bundle introduces: its creator's and those of origins not yet known.
    /// A known key is never replaced.
    /// - Parameters:
    ///   - header: the bundle's header.
    ///   - name: how refusals name the bundle.
    /// - Throws: ``SyncError`` `.forged` (naming the bundle's creator) when the bundle offers a
    ///   different key for a known origin, or a key that is not its replica's; nothing is learnt.
    public mutating func learnKeys(of header: BundleHeader, name: String) throws {
        try header.checkKeys(against: keys, name: name)
        for (id, key) in header.keys where keys[id] == nil { keys[id] = key }
        if keys[header.creator] == nil { keys[header.creator] = header.creatorKey }
    }
}
