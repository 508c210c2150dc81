import SelarasHub

extension FuzzTarget {
    /// Writes `data` as `STORE/hub/registry` of a scratch store and reads the registry the way
    /// the hub does (shared lock, decode). Every thrown refusal is fine.
    /// - Parameter data: the registry file's bytes.
    /// - Returns: whether the registry decoded.
    @discardableResult
    public static func fuzzRegistry(_ data: UnsafeRawBufferPointer) -> Bool {
        let scratch = FuzzScratch.shared
        guard (try? scratch.write(UnsafeRawBufferPointer(start: nil, count: 0), to: "store/replica")) != nil,
              (try? scratch.write(data, to: "store/hub/registry")) != nil,
              let file = try? RegistryFile(storeDirectory: scratch.path + "/store") else { return false }
        return (try? file.read()) != nil
    }
}
