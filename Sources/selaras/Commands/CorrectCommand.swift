import ArgumentParser
import SelarasAnthro
import SelarasEntry
import SelarasLog
import SelarasMerge
import SelarasModel

/// `selaras correct ID --FIELD VALUE …`.
struct CorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Correct fields of a record (the old values stay in its audit trail).", usage: "selaras correct [--store <DIR>] [--author <NAME>] <id>\n        [--reason <reason>] [<fields> ...]",
        discussion: HelpText.reflow("""
        The fields are those of the record's kind (see `selaras child add --help`, `check add --help`,
        `survey add --help`). The corrected record is checked as a whole before anything is written.

        Examples:
          selaras correct ch-9f86d081884c7d65-26-1 --name "Siti Aminah Putri" --reason "spelling"
          selaras correct gc-9f86d081884c7d65-26-7 --weight 8.6
        """)
    )
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var author: AuthorOption
    @Argument(help: "The record's id.") var id: String
    @Option(help: "Why (kept in the audit trail).") var reason: String = ""
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("--FIELD VALUE pairs.", valueName: "fields"))
    var fields: [String] = []

    func run() throws {
        guard let entity = EntityID(id) else { throw CLIError.badInput("'\(id)' is not a record id (ch-…, gc-… or hs-…)") }
        let pairs = try FieldArguments.pairs(fields)
        try FieldArguments.checkNames(pairs, of: entity.kind)
        let store = try storeOptions.open()
        let changes = entity.kind.schema.parse(pairs, today: .today()).fields
        let state = try RecordStates.forCorrection(of: entity, changes: changes, in: store)
        let entry = try RecordEntry(store: store, state: state, author: author.resolve(store), standards: try? GrowthStandards.bundled())
        let prepared = try entry.prepareCorrection(entity, pairs, reason: reason)
        let event = try store.record([prepared.draft]).first!
        for w in prepared.warnings { Terminal.error("selaras: warning: \(w)") }
        print("corrected \(entity) (event \(event.dot))")
    }
}

/// `selaras void ID --reason TEXT`.
struct VoidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void",
        abstract: "Withdraw a record entered by mistake (kept in the audit trail).", usage: "selaras void [--store <DIR>] [--author <NAME>] <id> --reason <reason>\n        [--with-checks]",
        discussion: HelpText.reflow("""
        A child that has growth checks is voided only with --with-checks, which voids its checks
        too, with the same reason, in one batch (all or none).

        Examples:
          selaras void gc-9f86d081884c7d65-26-7 --reason "entered twice"
          selaras void ch-9f86d081884c7d65-26-1 --with-checks --reason "registered twice"
        """)
    )
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var author: AuthorOption
    @Argument(help: "The record's id.") var id: String
    @Option(help: "Why (required).") var reason: String
    @Flag(help: "For a child: void its growth checks too (same reason, one batch).") var withChecks = false

    func run() throws {
        guard let entity = EntityID(id) else { throw CLIError.badInput("'\(id)' is not a record id (ch-…, gc-… or hs-…)") }
        let store = try storeOptions.open()
        let entry = RecordEntry(state: try RecordStates.forVoid(of: entity, in: store), homeKelurahan: store.metadata.kelurahan,
                                today: .today(), author: author.resolve(store), standards: nil)
        if withChecks {
            let prepared = try entry.prepareVoidWithChecks(entity, reason: reason)
            let events = try store.record(prepared.map(\.draft), durability: .batch)
            print("voided \(entity) (event \(events[0].dot))")
            for e in events.dropFirst() { print("voided \(e.entity) (event \(e.dot))") }
            return
        }
        let prepared = try entry.prepareVoid(entity, reason: reason)
        let event = try store.record([prepared.draft]).first!
        print("voided \(entity) (event \(event.dot))")
    }
}
