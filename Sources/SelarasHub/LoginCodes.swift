import Crypto
import Foundation
import SelarasHubProtocol
import SelarasModel

/// One-time dashboard login codes (`selaras hub login-link`), shared between the command and
/// the running hub through files: `STORE/hub/login/SHA256(code)` holds the expiry time. A code
/// is claimed by renaming its file (atomic), so it works once; only its hash is on disk.
public struct LoginCodes: Sendable {
    /// `STORE/hub/login`.
    public let directory: String
    /// How long a login link works: 10 minutes.
    public static let lifetimeMilliseconds: Int64 = 10 * 60 * 1000

    /// The login-code folder of a hub store (created when missing).
    /// - Throws: ``HubError`` when the folder cannot be created.
    public init(registry: RegistryFile) throws {
        directory = registry.directory + "/login"
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw HubError.io("could not create \(directory)", error)
        }
    }

    /// Makes a new code (32 random bytes, base64url) valid for ``lifetimeMilliseconds``.
    /// - Throws: ``HubError`` when the file cannot be written.
    public func create(now: Int64 = WallClock.nowMilliseconds()) throws -> String {
        let code = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let path = directory + "/" + Self.hash(code)
        guard FileManager.default.createFile(atPath: path, contents: Data(String(now + Self.lifetimeMilliseconds).utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw HubError.io("could not write \(path)")
        }
        return code
    }

    /// Claims a code: true when it existed, was unused and unexpired (it is used up either way).
    public func claim(_ code: String, now: Int64 = WallClock.nowMilliseconds()) -> Bool {
        guard !code.isEmpty, code.count <= 100, code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return false }
        let path = directory + "/" + Self.hash(code)
        let claimed = path + ".claimed-" + UUID().uuidString
        guard rename(path, claimed) == 0 else { return false }
        defer { unlink(claimed) }
        guard let text = try? String(contentsOfFile: claimed, encoding: .utf8), let expiry = Int64(text) else { return false }
        return now < expiry
    }

    static func hash(_ code: String) -> String {
        SHA256.hash(data: Array(code.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
