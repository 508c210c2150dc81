import ArgumentParser
import SelarasEntry
import SelarasLog
import SelarasMerge
import SelarasModel

/// Shared by the merge commands.
struct MergeContext {
    let store: Store
    let state: ConsolidatedState

    init(_ options: StoreOptions) throws {
        store = try options.open()
        state = try ConsolidatedState(store: store)
    }

    func entry(_ author: AuthorOption) -> RecordEntry {
        RecordEntry(state: state, homeKelurahan: store.metadata.kelurahan, today: .today(), author: author.resolve(store), standards: nil)
    }

    static func describe(_ c: Candidate, _ spec: FieldSpec?) -> String {
        let v = spec.map { c.value.formatted(as: $0.type) } ?? c.value.canonicalDescription
        return "\"\(v)\" by \(c.author) (\(c.dot), \(WallClock.iso8601(milliseconds: c.recordedAt)))"
    }
}

extension FieldValue {
    var canonicalDescription: String {
        switch self {
        case .text(let s): s
        case .number(let n): String(n)
        case .date(let d): d.description
        case .bool(let b): b ? "yes" : "no"
        case .reference(let r): r.description
        }
    }
}

/// `selaras conflicts`.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List fields that two people changed at the same time, with every value.",
        discussion: HelpText.reflow("""
        Until a person resolves a conflict, the value shown everywhere is a deterministic
        winner (the later wall-clock time, then the higher event id), the same on every laptop.

        Example:
          selaras conflicts --store office
          selaras resolve ch-… name "Siti Aminah" --store office
        """))
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let ctx = try MergeContext(storeOptions)
        var rows: [[String: Any]] = []
        var withConflicts: [EntityState] = []
        ctx.state.forEachEntity { e in
            if !e.conflicts.isEmpty || e.links.values.contains(where: { $0.isConflicted }) { withConflicts.append(e) }
        }
        for e in withConflicts.sorted(by: { $0.id < $1.id }) {
            let id = e.id
            for (tag, reg) in e.conflicts {
                let spec = id.kind.schema.field(tag: tag)
                let name = spec?.name ?? "field \(tag)"
                if json {
                    rows.append(["entity": id.description, "field": name,
                                 "shown": reg.winner.map { w in spec.map { w.value.formatted(as: $0.type) } ?? "" } ?? "",
                                 "candidates": reg.candidates.map { c in ["value": spec.map { c.value.formatted(as: $0.type) } ?? "", "author": c.author, "event": c.dot.description] }])
                } else {
                    print("\(id)  \(name):")
                    for c in reg.candidates { print("    \(c == reg.winner ? "shown  " : "       ") \(MergeContext.describe(c, spec))") }
                    print("    resolve: selaras resolve \(id) \(name) VALUE")
                }
            }
            for (other, reg) in e.links where reg.isConflicted {
                if json {
                    rows.append(["entity": id.description, "field": "same_as:\(other)", "candidates": reg.candidates.map { ["value": $0.value.bool == true ? "same" : "not same", "author": $0.author, "event": $0.dot.description] }])
                } else {
                    print("\(id) and \(other): one person said same child, another said different")
                    print("    decide again: selaras same-as \(id) \(other)   or   selaras not-same \(id) \(other)")
                }
            }
        }
        if json { print(EventJSON.line(rows)) } else if withConflicts.isEmpty {
            print("no conflicts")
        }
    }
}

/// `selaras resolve ENTITY FIELD VALUE`.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve a conflict by choosing (or typing) the right value.", usage: "selaras resolve [--store <DIR>] [--author <NAME>] <entity> <field>\n        <value>",
        discussion: "The new value is recorded by an event that has seen every conflicting value, so it replaces them all on every laptop that receives it.\n\nExample:\n  selaras resolve ch-9f86d081884c7d65-26-1 name \"Siti Aminah\"")
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var author: AuthorOption
    @Argument(help: "The record's id.") var entity: String
    @Argument(help: "The field (column name or flag).") var field: String
    @Argument(help: "The value.") var value: String

    func run() throws {
        guard let id = EntityID(entity) else { throw CLIError.badInput("'\(entity)' is not a record id") }
        let ctx = try MergeContext(storeOptions)
        guard let spec = id.kind.schema.field(named: field) else {
            throw CLIError.badInput("\(field): is not a field of a \(id.kind.name)")
        }
        let prepared = try ctx.entry(author).prepareCorrection(id, [(spec.name, value)], reason: "resolved conflict")
        let event = try ctx.store.record([prepared.draft]).first!
        print("resolved \(id) \(spec.name) = \(value) (event \(event.dot))")
    }
}

/// `selaras duplicates`.
struct DuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "List children who may be registered twice, with the evidence.",
        discussion: "Found by the same NIK, or the same name and birth date plus the same mother or kelurahan.\n\nExample:\n  selaras duplicates --store office\n  selaras same-as ch-… ch-…")
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let ctx = try MergeContext(storeOptions)
        let list = ctx.state.duplicateCandidates()
        if json {
            print(EventJSON.line(list.map { d -> [String: Any] in
                ["first": d.first.description, "second": d.second.description, "evidence": d.evidence,
                 "decision": d.decision.map { $0 ? "same" : "not same" } ?? "open"]
            }))
            return
        }
        if list.isEmpty { print("no possible duplicates"); return }
        for d in list {
            func who(_ id: EntityID) -> String {
                let e = ctx.state[id]
                return "\(e?.value(FieldKey.Child.name)?.text ?? "?"), born \(e?.value(FieldKey.Child.born)?.date?.description ?? "?"), mother \(e?.value(FieldKey.Child.mother)?.text ?? "?")"
            }
            let status = d.decision.map { $0 ? "decided: same child (merged)" : "decided: different children" } ?? "open"
            print("\(d.first)  \(who(d.first))\n\(d.second)  \(who(d.second))\n    evidence: \(d.evidence.joined(separator: "; "))  [\(status)]")
            if d.decision == nil { print("    decide: selaras same-as \(d.first) \(d.second)   or   selaras not-same \(d.first) \(d.second)") }
        }
    }
}

/// `selaras same-as ID ID` and `selaras not-same ID ID`.
struct LinkCommand {
    static func run(_ a: String, _ b: String, same: Bool, reason: String, options: StoreOptions, author: AuthorOption) throws {
        guard let x = EntityID(a), let y = EntityID(b) else { throw CLIError.badInput("give two child ids (ch-…)") }
        let ctx = try MergeContext(options)
        let prepared = try ctx.entry(author).prepareLink(x, y, same: same, reason: reason)
        let event = try ctx.store.record([prepared.draft]).first!
        print(same ? "recorded: \(x) and \(y) are the same child; growth checks follow \(min(x, y)) (event \(event.dot))"
                   : "recorded: \(x) and \(y) are different children (event \(event.dot))")
    }
}

struct SameAsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "same-as", abstract: "Decide that two registrations are the same child (undo with not-same).", usage: "selaras same-as [--store <DIR>] [--author <NAME>] <first> <second>\n        [--reason <reason>]",
        discussion: "The smaller id survives; the other's growth checks follow it.\n\nExample:\n  selaras same-as ch-…-26-3 ch-…-26-41")
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var author: AuthorOption
    @Argument var first: String
    @Argument var second: String
    @Option(help: "Why.") var reason = ""
    func run() throws { try LinkCommand.run(first, second, same: true, reason: reason, options: storeOptions, author: author) }
}

struct NotSameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "not-same", abstract: "Decide that two registrations are different children (undoes same-as).", usage: "selaras not-same [--store <DIR>] [--author <NAME>] <first> <second>\n        [--reason <reason>]",
        discussion: "Example:\n  selaras not-same ch-…-26-3 ch-…-26-41")
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var author: AuthorOption
    @Argument var first: String
    @Argument var second: String
    @Option(help: "Why.") var reason = ""
    func run() throws { try LinkCommand.run(first, second, same: false, reason: reason, options: storeOptions, author: author) }
}

/// `selaras show ID`.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a record: current values, conflicts and its audit trail.",
        discussion: "Example:\n  selaras show ch-9f86d081884c7d65-26-1")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The record's id.") var id: String

    func run() throws {
        guard let entity = EntityID(id) else { throw CLIError.badInput("'\(id)' is not a record id") }
        let ctx = try MergeContext(storeOptions)
        guard let e = ctx.state[entity], e.isCreated else { throw CLIError.failure("\(id) is not a record in this store") }
        print("\(entity)  (\(entity.kind.name)\(e.isVoided ? ", VOIDED" : ""))")
        for spec in entity.kind.schema.fields {
            guard let reg = e.registers[spec.tag], let w = reg.winner else { continue }
            print("  \(spec.name): \(w.value.formatted(as: spec.type))\(reg.isConflicted ? "   ⚠ conflict: " + reg.candidates.map { "\"\($0.value.formatted(as: spec.type))\" (\($0.author))" }.joined(separator: " vs ") : "")")
        }
        if entity.kind == .child {
            let canon = ctx.state.canonicalChild(entity)
            if canon != entity { print("  same child as \(canon) (its growth checks follow that id)") }
        }
        print("audit trail:")
        var events: [Event] = []
        try ctx.store.forEachEvent { if $0.entity == entity { events.append($0) } }
        for ev in events.sorted(by: { $0.dot < $1.dot }) { print("  " + EventJSON.text(ev)) }
    }
}
