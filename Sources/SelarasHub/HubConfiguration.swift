/// How a hub runs.
public struct HubConfiguration: Sendable {
    /// The address to listen on (default loopback only).
    public var host: String = "127.0.0.1"
    /// The port (0 picks a free one; the bound port is reported when the server runs).
    public var port: Int = 8080
    /// The largest bundle a device may upload, in bytes (larger bodies get 413).
    public var maxUploadBytes: Int = 256 << 20
    /// The office's pseudonym key for analyst exports (nil: derived from the hub's own key).
    public var pseudonymKey: [UInt8]? = nil
    /// How long devices' sync bookkeeping (last sync, replay digests) may wait in memory before
    /// it is written to the registry in one update (``SyncNotes``); zero writes it on every sync.
    public var registryWriteInterval: Duration = .seconds(1)
    /// The least time between the starts of two recomputes of the dashboard's figures (changes
    /// meanwhile coalesce into the next pass), so a burst of syncs does not recompute back to back.
    public var dashboardMinimumGap: Duration = .milliseconds(250)

    /// The default configuration.
    public init() {}
}
