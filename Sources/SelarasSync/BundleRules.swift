import SelarasModel

/// Applies ``EventPlausibility`` to every event of a bundle as it is verified, and, at the
/// end, the growth-check rules that need the child (not measured before birth, under 60
/// months) to each check whose child is created in the same bundle.
///
/// The child rules are judged only when the bundle holds the child's creation and no
/// correction of its birth date: the sender judged the check against the child as it knew it,
/// which the bundle then shows; a child known only to the receiver (or whose birth date was
/// corrected) is not judged here, so that a genuine check is never refused for a birth date
/// the sender did not see. Memory: one date per child and one entry per growth check.
struct BundleRules {
    /// How refusals name the bundle.
    let name: String
    /// The receiver's rules.
    let plausibility: EventPlausibility
    /// Birth dates of children created in the bundle.
    private var births: [EntityID: LocalDate] = [:]
    /// Children whose birth date a correction in the bundle changes.
    private var bornCorrected: Set<EntityID> = []
    /// Growth checks created in the bundle: their dot, child and measurement date.
    private var checks: [(dot: Dot, child: EntityID, measured: LocalDate)] = []

    private static let bornTag = FieldKey.Child.born.tag
    private static let childTag = FieldKey.GrowthCheck.child.tag
    private static let measuredTag = FieldKey.GrowthCheck.measuredOn.tag

    init(name: String, plausibility: EventPlausibility) {
        self.name = name
        self.plausibility = plausibility
    }

    /// Checks one decoded event and remembers what the child rules need.
    /// - Throws: ``SyncError`` `.implausible` naming origin, seq, field and rule.
    mutating func check(_ event: Event) throws {
        if let p = plausibility.problem(with: event) { throw refusal(event.dot, p) }
        switch event.operation {
        case .create(.child, let f):
            if let born = f[Self.bornTag]?.date { births[event.entity] = born }
        case .create(.growthCheck, let f):
            if let child = f[Self.childTag]?.reference, let measured = f[Self.measuredTag]?.date {
                checks.append((event.dot, child, measured))
            }
        case .correct(let f, _) where event.entity.kind == .child && f[Self.bornTag] != nil:
            bornCorrected.insert(event.entity)
        default:
            break
        }
    }

    /// After the last event: the child rules of the growth checks whose child the bundle holds.
    /// - Throws: ``SyncError`` `.implausible`.
    func finish() throws {
        for c in checks where !bornCorrected.contains(c.child) {
            guard let born = births[c.child] else { continue }
            if let p = plausibility.childProblem(measured: c.measured, born: born) { throw refusal(c.dot, p) }
        }
    }

    private func refusal(_ dot: Dot, _ p: EventPlausibility.Problem) -> SyncError {
        SyncError(.implausible, "\(name): the event of origin \(dot.stream.origin) at seq \(dot.seq) (stream \(dot.stream)): \(p.field) breaks the \(p.rule) rule: \(p.message); the bundle was refused and nothing was imported")
    }
}
