import Logging
import SelarasHub
import SelarasHubPostgres
import SelarasHubProtocol
import SelarasModel

extension HubCommand {
    /// Makes an enrolment code in the hub's database (`hub enrol --database`).
    /// - Throws: ``CLIError`` when the database cannot be reached or refuses the change.
    static func createEnrolment(database address: DatabaseAddress, role: HubRole, kelurahan: Kelurahan?) async throws -> String {
        var logger = Logger(label: "selaras.hub.enrol")
        logger.logLevel = .warning
        do {
            return try await HubDatabase.withClient(address, logger: logger) { client in
                let code = EnrolmentCode.generate()
                let now = WallClock.nowMilliseconds()
                try await PostgresHubRegistry(client: client, logger: logger).update { reg in
                    Hub.addEnrolment(code, role: role, kelurahan: kelurahan, now: now, to: &reg)
                }
                return code
            }
        } catch let e as DatabaseError { throw CLIError.failure(e.message) }
    }
}

extension HubCommand.Serve {
    /// The database given by `--database`, else `SELARAS_DATABASE`, else nil (the file store).
    /// - Throws: ``CLIError`` with the address's problem (never its password).
    static func databaseAddress(_ option: String?) throws -> DatabaseAddress? {
        do { return try DatabaseAddress.given(option) } catch { throw CLIError.failure(error.message) }
    }

    /// Serves a hub whose data is in PostgreSQL, the identity in `directory`, until SIGTERM.
    /// - Throws: ``CLIError`` when the database cannot be reached, needs migrating or fails.
    static func serve(database address: DatabaseAddress, directory: String, host: String, configuration: HubConfiguration) async throws {
        var logger = Logger(label: "selaras.hub")
        logger.logLevel = .info
        do {
            try await HubDatabase.withClient(address, logger: logger) { client in
                let storage = try await PostgresHubStorage(client: client, directory: directory, logger: logger)
                let hub = try await Hub(storage: storage, directory: directory, configuration: configuration, logger: logger)
                logger.info("hub data in PostgreSQL", metadata: ["database": "\(address)"])
                defer { HubAddress.remove(storeDirectory: directory) }
                try await HubServer.run(hub: hub) { bound in
                    try? HubAddress.write(HubAddress.url(host: host, port: bound), storeDirectory: directory)
                    Terminal.writeStdout("selaras hub \(hub.replica) listening on http://\(host):\(bound)\n")
                }
            }
        } catch let e as DatabaseError {
            throw CLIError.failure(e.message)
        } catch let e as HubError {
            throw e
        } catch let e as CLIError {
            throw e
        } catch {
            throw CLIError.failure("the hub at \(host):\(configuration.port) stopped: \(CLIError.sentence(String(describing: error)))")
        }
    }
}
