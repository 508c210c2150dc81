#if canImport(Glibc)
import Glibc
#endif
import SelarasHubProtocol
import SelarasLog
import SelarasModel

/// The device registry on disk, shared safely between the running hub and `selaras hub`
/// commands: every change takes an exclusive `flock` on `STORE/hub/registry.lock`, reads the
/// current file, changes it and replaces it atomically (temporary file, fsync, rename,
/// directory fsync); readers take a shared lock. The hub notices a replaced file by its
/// inode and modification time, so `selaras hub revoke` takes effect on the next request.
public struct RegistryFile: Sendable {
    /// `STORE/hub`.
    public let directory: String
    /// `STORE/hub/registry`.
    public var path: String { directory + "/registry" }
    var lockPath: String { directory + "/registry.lock" }

    /// The registry of the hub whose store is `storeDirectory` (its `hub` folder is created on
    /// first use).
    /// - Throws: ``HubError`` when `storeDirectory` is not a store.
    public init(storeDirectory: String) throws {
        guard access(storeDirectory + "/replica", F_OK) == 0 else {
            throw HubError(status: 500, code: "not-a-store", "\(storeDirectory) is not a Selaras store (no replica file); start the hub once with `selaras hub serve --store \(storeDirectory)` or create it with `selaras init`")
        }
        directory = storeDirectory + "/hub"
        if access(directory, F_OK) != 0 { mkdir(directory, 0o700) }
    }

    /// The file's identity (inode, modification time, size): changes whenever it is replaced.
    public func identity() -> [Int] {
        var st = stat()
        guard stat(path, &st) == 0 else { return [] }
        return [Int(st.st_ino), Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec), Int(st.st_size)]
    }

    /// Reads the registry under a shared lock (empty when there is none yet).
    public func read() throws -> DeviceRegistry {
        try locked(LOCK_SH) { try load() }
    }

    /// Changes the registry under an exclusive lock and writes it durably.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws (nothing is written then), or ``HubError`` for I/O.
    public func update<T>(_ body: (inout DeviceRegistry) throws -> T) throws -> T {
        try locked(LOCK_EX) {
            var reg = try load()
            let before = reg
            let result = try body(&reg)
            if reg != before {
                // What would not read back is never written: the hub could not start again.
                if let problem = reg.problem { throw HubError.invalidValue(problem + "; the registry was not changed") }
                do { try PosixFileSystem().writeFileAtomically(path, reg.encoded, mode: 0o600) } catch {
                    throw HubError.io("could not write \(path)", error)
                }
            }
            return result
        }
    }

    private func load() throws -> DeviceRegistry {
        guard access(path, F_OK) == 0 else { return DeviceRegistry() }
        let bytes: [UInt8]
        do { bytes = try PosixFileSystem().readFile(path) } catch { throw HubError.io("could not read \(path)", error) }
        return try DeviceRegistry.decode(bytes, path: path)
    }

    private func locked<T>(_ mode: Int32, _ body: () throws -> T) throws -> T {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HubError.io("could not open \(lockPath) (errno \(errno))") }
        defer { close(fd) }
        while flock(fd, mode) != 0 {
            guard errno == EINTR else { throw HubError.io("could not lock \(lockPath) (errno \(errno))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}

extension RegistryFile {
    /// How long an enrolment code works.
    public static let codeLifetimeMilliseconds: Int64 = 24 * 3600 * 1000

    /// Makes a one-time enrolment code (valid 24 h) and stores its hash.
    /// - Parameters:
    ///   - role: the role it grants.
    ///   - kelurahan: for a cadre, the kelurahan it is bound to (required); nil otherwise.
    /// - Returns: the code, to show once.
    public func createEnrolment(role: HubRole, kelurahan: Kelurahan?, now: Int64 = WallClock.nowMilliseconds()) throws -> String {
        let code = EnrolmentCode.generate()
        try update { reg in
            reg.pending.removeAll { $0.expiresAt <= now }
            reg.pending.append(PendingEnrolment(codeHash: EnrolmentCode.hash(code), role: role,
                                                kelurahan: role == .cadre ? kelurahan?.code : nil,
                                                expiresAt: now + Self.codeLifetimeMilliseconds))
        }
        return code
    }

    /// Revokes a device's access at once (its data stays in the hub's store).
    /// - Returns: the device as it is now.
    /// - Throws: ``HubError`` `unknown-device` when no device has that id.
    public func revoke(_ id: ReplicaID, now: Int64 = WallClock.nowMilliseconds()) throws -> Device {
        try update { reg in
            guard var d = reg.devices[id] else {
                throw HubError(status: 404, code: "unknown-device", "no enrolled device has id \(id); see `selaras hub devices`")
            }
            if !d.isRevoked { d.revokedAt = now }
            reg.devices[id] = d
            return d
        }
    }
}
