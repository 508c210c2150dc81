import ArgumentParser
import Foundation
import SelarasApp
import SelarasMerge
import SelarasModel

extension ChildCommand {
    /// `selaras child find TEXT`: children by name, NIK, mother's name or posyandu.
    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find children by name, NIK, mother's name or posyandu.",
            discussion: HelpText.reflow("""
            Case, accents and small typing slips do not matter ("siti amina" finds Siti Aminah);
            a NIK may be given whole or in part (at least 4 digits). Prints one child a line:
            id, name, sex, date of birth (dd/mm/yyyy), mother, posyandu.

            Example:
              selaras child find --store lap1 "siti amin"
            """))
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "What to look for.") var text: String
        @Option(help: "At most this many children.") var limit = 50

        func run() throws {
            let store = try storeOptions.open()
            let state = try ConsolidatedState(store: store)
            let found = ChildSearchIndex(state: state).search(text, limit: max(limit, 1))
            for id in found { if let c = state[id] { print(ChildLine.text(c)) } }
            if found.isEmpty { throw CLIError.failure("no child matches '\(text)'") }
        }
    }

    /// `selaras child list`: every child, by name.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the children of the store, by name.",
            discussion: "One child a line: id, name, sex, date of birth (dd/mm/yyyy), mother, posyandu. Voided children only with --voided.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp("Only children of this posyandu.", valueName: "NAME")) var posyandu: String?
        @Flag(help: "Include voided children.") var voided = false

        func run() throws {
            let store = try storeOptions.open()
            let state = try ConsolidatedState(store: store)
            let wanted = posyandu.map(ChildSearchIndex.fold)
            let children = state.records(of: .child).filter { c in
                (voided || !c.isVoided)
                    && (wanted == nil || ChildSearchIndex.fold(c.value(FieldKey.Child.posyandu)?.text ?? "") == wanted)
            }.sorted { (ChildSearchIndex.fold($0.value(FieldKey.Child.name)?.text ?? ""), $0.id) < (ChildSearchIndex.fold($1.value(FieldKey.Child.name)?.text ?? ""), $1.id) }
            for c in children { print(ChildLine.text(c)) }
        }
    }
}

/// One child as a line of `child find` and `child list`.
enum ChildLine {
    static func text(_ c: EntityState) -> String {
        let sex = c.value(FieldKey.Child.sex)?.text == "L" ? "Laki-laki" : "Perempuan"
        return [c.id.description, c.value(FieldKey.Child.name)?.text ?? "?", sex,
                c.value(FieldKey.Child.born)?.date?.dayFirstDescription ?? "", c.value(FieldKey.Child.mother)?.text ?? "",
                c.value(FieldKey.Child.posyandu)?.text ?? "", c.isVoided ? "(voided)" : ""]
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
}
