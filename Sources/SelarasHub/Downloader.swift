/// Who asks the hub for an export: an enrolled device (bearer token) or an office dashboard
/// session (cookie from a login link). The audit log names either.
public enum Downloader: Sendable {
    /// An enrolled device; its role decides the tiers.
    case device(Device)
    /// An office dashboard session: both tiers while it lasts.
    case session(DashboardSession)
}
