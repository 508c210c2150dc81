import Testing
import SelarasAnthro

@Suite("Permenkes 2/2020 categories")
struct CategoryTests {
    @Test("weight-for-age (BB/U) boundaries", arguments: [
        (-3.01, WeightForAgeCategory.sangatKurang), (-3.0, .kurang), (-2.99, .kurang),
        (-2.01, .kurang), (-2.0, .normal), (-1.99, .normal), (0.0, .normal),
        (0.99, .normal), (1.0, .normal), (1.01, .risikoLebih), (-10, .sangatKurang), (10, .risikoLebih),
    ])
    func weightForAge(z: Double, expected: WeightForAgeCategory) {
        #expect(WeightForAgeCategory.classify(z) == expected)
    }

    @Test("length/height-for-age (PB/U, TB/U) boundaries", arguments: [
        (-3.01, HeightForAgeCategory.sangatPendek), (-3.0, .pendek), (-2.99, .pendek),
        (-2.01, .pendek), (-2.0, .normal), (-1.99, .normal), (1.01, .normal),
        (2.99, .normal), (3.0, .normal), (3.01, .tinggi),
    ])
    func heightForAge(z: Double, expected: HeightForAgeCategory) {
        #expect(HeightForAgeCategory.classify(z) == expected)
    }

    @Test("weight-for-length/height and BMI-for-age boundaries", arguments: [
        (-3.01, WeightForHeightCategory.giziBuruk), (-3.0, .giziKurang), (-2.99, .giziKurang),
        (-2.01, .giziKurang), (-2.0, .giziBaik), (-1.99, .giziBaik), (0.99, .giziBaik),
        (1.0, .giziBaik), (1.01, .berisikoGiziLebih), (1.99, .berisikoGiziLebih),
        (2.0, .berisikoGiziLebih), (2.01, .giziLebih), (2.99, .giziLebih), (3.0, .giziLebih),
        (3.01, .obesitas),
    ])
    func weightForHeight(z: Double, expected: WeightForHeightCategory) {
        #expect(WeightForHeightCategory.classify(z) == expected)
    }

    @Test("stunting is pendek + sangat pendek")
    func stunting() {
        #expect(HeightForAgeCategory.allCases.filter(\.isStunted) == [.sangatPendek, .pendek])
    }

    @Test("labels are distinct and non-empty")
    func labels() {
        func check(_ labels: [String], _ english: [String], count: Int) {
            #expect(Set(labels).count == count)
            #expect(Set(english).count == count)
            #expect(!labels.contains("") && !english.contains(""))
        }
        check(WeightForAgeCategory.allCases.map(\.label), WeightForAgeCategory.allCases.map(\.englishLabel), count: 4)
        check(HeightForAgeCategory.allCases.map(\.label), HeightForAgeCategory.allCases.map(\.englishLabel), count: 4)
        check(WeightForHeightCategory.allCases.map(\.label), WeightForHeightCategory.allCases.map(\.englishLabel), count: 6)
        #expect(WeightForAgeCategory.sangatKurang.label == "Berat badan sangat kurang")
        #expect(HeightForAgeCategory.pendek.label == "Pendek")
        #expect(WeightForHeightCategory.giziBuruk.label == "Gizi buruk")
        #expect(WeightForHeightCategory.obesitas.englishLabel == "Obese")
    }
}
