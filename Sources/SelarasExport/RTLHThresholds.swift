/// Every threshold of the RTLH (rumah tidak layak huni) assessment, in one place.
///
/// Defaults follow the common national criteria; a programme that uses other figures changes
/// them here (or passes its own value to the dataset builder).
public struct RTLHThresholds: Sendable, Hashable {
    /// Floor area per person below which a house is too crowded (m²). Programmes use 7.2–9.
    public var minimumFloorAreaPerPerson: Double = 9.0
    /// How many criteria make a house RTLH.
    public var criteriaForVerdict: Int = 3
    /// Monthly household income below which the city's repair programme applies (Rp).
    /// Balikpapan's 2025 city minimum wage (UMK) is about Rp 3.9 million.
    public var incomeLimit: Int64 = 3_900_000
    /// Floor materials that count as earth or low-grade.
    public var lowGradeFloors: Set<String> = ["earth", "other"]
    /// Wall materials that count as low-grade.
    public var lowGradeWalls: Set<String> = ["bamboo", "board", "other"]
    /// Roof materials that count as low-grade (a damaged roof counts too).
    public var lowGradeRoofs: Set<String> = ["leaf", "other"]
    /// Water sources that count as unprotected.
    public var unprotectedWater: Set<String> = ["unprotected-well", "river", "rain"]

    /// The defaults.
    public init() {}
}
