import ArgumentParser
import SelarasAnthro
import SelarasEntry
import SelarasLog
import SelarasMerge
import SelarasModel

/// Shared by `child add`, `check add` and `survey add`: one flag per field, from the schema.
struct AddRecord {
    static func run(_ kind: RecordKind, store options: StoreOptions, author: AuthorOption, words: [String]) throws {
        let pairs = try FieldArguments.pairs(words)
        try FieldArguments.checkNames(pairs, of: kind)
        let store = try options.open()
        let entry = try RecordEntry(store: store, state: try partialState(kind, pairs, store), author: author.resolve(store),
                                    standards: kind == .growthCheck ? try? GrowthStandards.bundled() : nil)
        let prepared = try entry.prepareCreate(kind, pairs)
        let event = try store.record([prepared.draft]).first!
        for w in prepared.warnings { Terminal.error("selaras: warning: \(w)") }
        print(event.entity)
    }

    /// The records a new record is judged against, without folding the store: none for a
    /// child or a survey (their rules look at no other record), the named child for a growth
    /// check, folded from its own events through the store's summary (equal to its state in
    /// a full fold).
    static func partialState(_ kind: RecordKind, _ pairs: [(name: String, text: String)], _ store: Store) throws -> ConsolidatedState {
        guard kind == .growthCheck,
              let ref = kind.schema.parse(pairs, today: .today()).fields[FieldKey.GrowthCheck.child]?.reference else { return ConsolidatedState() }
        return try StoreSummary.load(for: store).summary.partialState([ref], in: store)
    }

    static func discussion(_ kind: RecordKind, example: String) -> String {
        "Fields (one flag each; values are checked and impossible ones refused):\n"
            + HelpText.fields(kind) + "\n\nDates may be typed dd/mm/yyyy or YYYY-MM-DD. Prints the new id.\n\nExample:\n  " + example
    }
}

struct ChildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "child", abstract: "Children in the registry.",
        discussion: "Example:\n  selaras child add --name \"Siti Aminah\" --sex P --born 02/03/2024\n  selaras child find \"siti amin\"", subcommands: [Add.self, Find.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a child.",
            discussion: AddRecord.discussion(.child, example: "selaras child add --name \"Siti Aminah\" --sex P --born 02/03/2024 \\\n      --mother Rahmawati --posyandu \"Melati 3\""))
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var author: AuthorOption
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("--FIELD VALUE pairs (see below).", valueName: "fields"))
        var fields: [String] = []
        func run() throws { try AddRecord.run(.child, store: storeOptions, author: author, words: fields) }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Growth checks (weighing and measuring).",
        discussion: "Example:\n  selaras check add --child ID --date 15/01/2025 --weight 8.4", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a growth check.",
            discussion: AddRecord.discussion(.growthCheck, example: "selaras check add --child ID --date 15/01/2025 --weight 8.4 \\\n      --length 71.0 --position lying --muac 13.5 --head 44.0")
                + "\n\nValues beyond the WHO flag limits are kept and flagged with a warning.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var author: AuthorOption
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("--FIELD VALUE pairs (see below).", valueName: "fields"))
        var fields: [String] = []
        func run() throws { try AddRecord.run(.growthCheck, store: storeOptions, author: author, words: fields) }
    }
}

struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "RTLH house surveys.",
        discussion: "Example:\n  selaras survey add --head-name \"Budi Santoso\" --occupants 5 \\\n      --floor-area 24 --date 03/02/2025", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an RTLH house survey.",
            discussion: AddRecord.discussion(.houseSurvey, example: "selaras survey add --head-name \"Budi Santoso\" --occupants 5 \\\n      --floor-area 24 --floor earth --walls bamboo --roof leaf --toilet none \\\n      --water unprotected-well --date 03/02/2025"))
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var author: AuthorOption
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("--FIELD VALUE pairs (see below).", valueName: "fields"))
        var fields: [String] = []
        func run() throws { try AddRecord.run(.houseSurvey, store: storeOptions, author: author, words: fields) }
    }
}
