import SelarasModel

extension Kelurahan {
    /// The kelurahan named on the command line.
    /// - Parameters:
    ///   - text: what was typed (any case; see ``Kelurahan/init(name:)``).
    ///   - flag: the flag, for the message.
    ///   - listAll: whether the message lists all 34 names (for `init`, where the choice matters most).
    /// - Throws: ``CLIError`` (bad input) naming the flag, the value and the nearest name.
    static func argument(_ text: String, flag: String = "kelurahan", listAll: Bool = false) throws -> Kelurahan {
        if let k = Kelurahan(name: text) { return k }
        let names = Kelurahan.all.map(\.name)
        let hint = DidYouMean.hint(text, among: names)
        throw CLIError.badInput("--\(flag): '\(text)' is not a kelurahan of Balikpapan\(hint)"
                                + (listAll ? " (allowed: \(names.joined(separator: ", ")))" : ""))
    }
}
