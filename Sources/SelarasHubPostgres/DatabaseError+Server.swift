import PostgresNIO

extension DatabaseError {
    /// A server failure while doing `what`, in one sentence: the server's own message when it
    /// sent one (postgres-nio hides it from `description` so that no query text or value leaks
    /// by accident), else the kind of failure. Never the address's password.
    static func server(_ what: String, _ error: any Error) -> DatabaseError {
        if let e = error as? DatabaseError { return e }
        guard let psql = error as? PSQLError else {
            return DatabaseError(.server, "could not \(what): \(error)", underlying: nil)
        }
        let detail: String
        if let message = psql.serverInfo?[.message] {
            let state = psql.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            detail = "the server said: \(message)\(state)"
        } else if let cause = psql.underlying {
            detail = "\(psql.code.description): \(cause)"
        } else {
            detail = psql.code.description
        }
        return DatabaseError(.server, "could not \(what): \(detail)", underlying: psql)
    }
}
