/// Where the time of one save went, measured inside the app (monotonic clock): what
/// `selaras-bench app` prints beside the bare durable append, so that whatever a save costs
/// beyond the append is seen part by part.
public struct SaveTimings: Sendable, Equatable {
    /// Reading the form, the child's last check and `RecordEntry`'s validation (schema, rules,
    /// WHO flags, the change warnings).
    public var validation: Duration = .zero
    /// `Store.record`: framing, the read-back check, the write and its `fdatasync` (the
    /// acknowledgement). The same call a bare durable append makes.
    public var append: Duration = .zero
    /// Applying the saved events to the consolidated state in memory.
    public var apply: Duration = .zero
    /// Updating the app's indexes (search, child → checks, record history).
    public var index: Duration = .zero
    /// The result page: the child's rows (N/T needs the earlier weighings), the new row's
    /// z-scores and statuses, and the template.
    public var render: Duration = .zero

    /// Creates empty timings.
    public init() {}

    /// Everything but the append: what the app adds to a bare durable append.
    public var overhead: Duration { validation + apply + index + render }

    /// The whole save.
    public var total: Duration { overhead + append }
}
