import Logging

extension Hub {
    /// Follows the events other hub processes append to the shared storage (PostgreSQL's
    /// LISTEN/NOTIFY): each change is folded into the kept state at once and the dashboard's
    /// figures are refreshed, as after a sync this process answered. Returns when the task is
    /// cancelled, or at once for a storage no other process shares.
    public func followOtherProcesses() async {
        do {
            try await storage.watchOtherWriters {
                do { try await catchUpState() } catch {
                    logger.error("could not fold other processes' events into the hub's state", metadata: ["error": "\(error)"])
                }
                await dashboardStateChanged()
            }
        } catch is CancellationError {
        } catch {
            if !Task.isCancelled { logger.error("stopped following other hub processes' events", metadata: ["error": "\(error)"]) }
        }
    }
}
