import SelarasModel

extension StreamID {
    /// The `origin` column: the replica id's 64 bits as a signed bigint.
    var originColumn: Int64 { Int64(bitPattern: origin.rawValue) }
    /// The `kelurahan` column: the code's 16 bits as a smallint.
    var kelurahanColumn: Int16 { Int16(bitPattern: kelurahanCode) }

    /// The stream a row names, checked: a negative kelurahan is refused.
    static func fromColumns(origin: Int64, kelurahan: Int16, _ row: RowCheck) throws(DatabaseError) -> StreamID {
        try row.check(kelurahan >= 0, "kelurahan", "\(kelurahan)", "0…\(Int16.max)")
        return StreamID(origin: ReplicaID(rawValue: UInt64(bitPattern: origin)), kelurahanCode: UInt16(kelurahan))
    }
}
