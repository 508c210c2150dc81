import ArgumentParser
import Logging
import SelarasHubPostgres

extension HubCommand {
    /// `selaras hub migrate --database URL`: brings a PostgreSQL database's hub schema to this
    /// program's version (each migration once, in one transaction).
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or upgrade the hub's tables in a PostgreSQL database.",
            discussion: """
            Applies the schema migrations the database lacks, in order, in one transaction (a
            failure changes nothing); run again, it applies none. The address is a libpq URL,
            from --database or SELARAS_DATABASE; its password is never printed.

            Example:
              selaras hub migrate --database 'postgresql://selaras@/selaras?host=/run/postgresql'
            """)
        @Option(help: ArgumentHelp("The database (postgresql://USER[:PASSWORD]@HOST[:PORT]/DB); default: $SELARAS_DATABASE.", valueName: "URL"))
        var database: String?

        func run() async throws {
            let address: DatabaseAddress
            do {
                guard let given = try DatabaseAddress.given(database) else {
                    throw CLIError.failure("no database: give --database postgresql://… or set \(DatabaseAddress.environmentVariable)")
                }
                address = given
            } catch let e as DatabaseError { throw CLIError.failure(e.message) }
            var logger = Logger(label: "selaras.hub.migrate")
            logger.logLevel = .warning
            do {
                let (applied, version) = try await HubDatabase.withClient(address, logger: logger) { client in
                    let applied = try await HubMigrator.migrate(client, logger: logger)
                    return (applied, try await HubMigrator.currentVersion(client, logger: logger))
                }
                if applied.isEmpty {
                    Terminal.writeStdout("selaras: \(address) is at schema version \(version): nothing to apply\n")
                } else {
                    Terminal.writeStdout("selaras: applied migration\(applied.count == 1 ? "" : "s") \(applied.map(String.init).joined(separator: ", ")) to \(address); schema version \(version)\n")
                }
            } catch let e as DatabaseError { throw CLIError.failure(e.message) }
        }
    }
}
