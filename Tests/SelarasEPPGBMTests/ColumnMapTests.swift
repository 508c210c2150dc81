import Foundation
import SelarasEPPGBM
import SelarasModel
import Testing

@Suite struct ColumnMapTests {
    @Test func bundledMapNamesOnlySchemaFields() throws {
        let map = try EPPGBMColumnMap.bundled()
        #expect(map.version >= 1)
        #expect(map.header(for: FieldKey.GrowthCheck.weight) == "Berat")
        #expect(map.header(for: FieldKey.Child.nik) == "NIK")
    }

    @Test func aMapNamingAFieldSelarasDoesNotHaveIsRefused() {
        let json = #"{"layout":"x","version":1,"dataDateLabel":"Data Tanggal","columns":[{"header":"Berat","role":"check.weight_lbs","kind":"decimal"}],"statusWords":{}}"#
        #expect(throws: EPPGBMError.self) { try EPPGBMColumnMap.decode(Data(json.utf8), name: "m.json") }
    }
}
