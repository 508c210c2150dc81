import SelarasAnthro
import SelarasEntry
import SelarasHubClient
import SelarasLog
import SelarasMerge
import SelarasModel

extension RecordEntry {
    /// The entry context for a store: its merged state and kelurahan, today, the author, and —
    /// on a laptop enrolled as a cadre — the one kelurahan it can send.
    init(store: Store, author: String, standards: GrowthStandards?) throws {
        try self.init(store: store, state: try ConsolidatedState(store: store), author: author, standards: standards)
    }

    /// The entry context for a store over a given state: for commands that need only a few of
    /// its records (a new record needs at most its child), folded from the store's summary.
    init(store: Store, state: ConsolidatedState, author: String, standards: GrowthStandards?) throws {
        self.init(state: state, homeKelurahan: store.metadata.kelurahan,
                  today: .today(), author: author, standards: standards)
        if let link = try? HubLink.load(from: store.directory), link.role == .cadre {
            sendableKelurahan = link.kelurahan ?? store.metadata.kelurahan.code
        }
    }
}
