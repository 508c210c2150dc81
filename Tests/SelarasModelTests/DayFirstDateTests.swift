import Testing
import SelarasModel

@Suite("Day-first and spreadsheet dates")
struct DayFirstDateTests {
    @Test("day-first, dashed and ISO forms give the same day", arguments: [
        "03/12/2026", "3/12/2026", "03-12-2026", "3-12-2026", "2026-12-03", " 03/12/2026 ",
    ])
    func forms(_ text: String) throws {
        let d = try #require(LocalDate(dayFirst: text))
        #expect(d == LocalDate(year: 2026, month: 12, day: 3))
        #expect(d.dayFirstDescription == "03/12/2026")
    }

    @Test("impossible or ambiguous forms are refused", arguments: [
        "31/02/2024", "12/2026", "03/12/26", "2026/12/03", "03.12.2026", "", "0x/12/2026", "03/13/2026",
        "٠٣/١٢/٢٠٢٦", "03/12/1899", "03/12/99999",
    ])
    func refused(_ text: String) {
        #expect(LocalDate(dayFirst: text) == nil)
    }

    @Test("spreadsheet serials, around the phantom 1900-02-29 and today", arguments: [
        (61.0, "1900-03-01"), (25569.0, "1970-01-01"), (45658.0, "2025-01-01"), (45658.75, "2025-01-01"),
    ])
    func serials(_ serial: Double, _ iso: String) throws {
        #expect(try #require(LocalDate(excelSerial: serial)).description == iso)
    }

    @Test("serials outside the years a date holds are refused", arguments: [0.0, 60.0, -5, 200_000, .nan, .infinity])
    func badSerials(_ serial: Double) {
        #expect(LocalDate(excelSerial: serial) == nil)
    }
}
