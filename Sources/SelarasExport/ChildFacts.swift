import SelarasMerge
import SelarasModel

/// What the rows of a child's checks need from the child, in 16 bytes: the birth date and three
/// texts (sex, kelurahan, posyandu) as indexes into the texts of a ``ChildFacts/Table`` (a
/// hundred thousand children share a few hundred distinct values, so each is held once).
struct ChildFacts: Sendable {
    /// Date of birth (field 5), if recorded.
    let born: LocalDate?
    /// Index of the field's text in ``Table/texts`` (0: not recorded).
    let sex: UInt32, kelurahan: UInt32, posyandu: UInt32

    /// The facts of every child, and the distinct texts they point into.
    struct Table: Sendable {
        /// One entry per child, in the order given.
        let facts: [ChildFacts]
        /// Distinct texts; entry 0 stands for "not recorded" and is never shown.
        let texts: [String]
        /// For each text, the code of the Balikpapan kelurahan of that name (0: none), so each
        /// distinct name is looked up once.
        private let kelurahanCodes: [UInt16]

        /// Reads the facts of each child once. O(children).
        init(_ children: [EntityState]) {
            var texts = [""]
            var index: [String: UInt32] = [:]
            func intern(_ v: FieldValue?) -> UInt32 {
                guard let s = v?.text else { return 0 }
                if let i = index[s] { return i }
                texts.append(s)
                index[s] = UInt32(texts.count - 1)
                return UInt32(texts.count - 1)
            }
            typealias K = FieldKey.Child
            let born = K.born.tag, sex = K.sex.tag, kelurahan = K.kelurahan.tag, posyandu = K.posyandu.tag
            facts = children.map { c in
                ChildFacts(born: c.value(born)?.date, sex: intern(c.value(sex)), kelurahan: intern(c.value(kelurahan)), posyandu: intern(c.value(posyandu)))
            }
            self.texts = texts
            kelurahanCodes = texts.map { Kelurahan(name: $0)?.code ?? 0 }
        }

        /// The code of child `i`'s kelurahan (0 when not recorded or not a Balikpapan kelurahan).
        func kelurahanCode(_ i: Int) -> UInt16 { kelurahanCodes[Int(facts[i].kelurahan)] }

        /// A text field of a child as the record holds it (nil when not recorded).
        func text(_ i: UInt32) -> String? { i == 0 ? nil : texts[Int(i)] }
    }
}
