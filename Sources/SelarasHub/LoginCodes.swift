import Crypto
import Foundation
import SelarasHubProtocol
import SelarasModel

/// One-time dashboard login codes (`selaras hub login-link`), shared between the command and
/// the running hub through files: `STORE/hub/login/SHA256(code)` holds the expiry time and
/// who the link is for (its label, on the second line). A code is claimed by renaming its file
/// (atomic), so it works once; only its hash is on disk.
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

    /// The limits of a link's label in characters and bytes (what the audit log reads back).
    public static let labelLimit = TextLimit.loginLabel

    /// Makes a new code (32 random bytes, base64url) valid for ``lifetimeMilliseconds``.
    /// - Parameter label: who the link is for (a name for people, kept with the session and
    ///   written in the audit log with each of its downloads); one line within ``labelLimit`` (characters and bytes).
    /// - Throws: ``HubError`` 400 for a label that is too long or not one line; 500 when the file cannot be written.
    public func create(label: String = "", now: Int64 = WallClock.nowMilliseconds()) throws -> String {
        if let problem = Self.labelLimit.oneLineProblem(label, what: "label") { throw HubError.badRequest(problem) }
        let code = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let path = directory + "/" + Self.hash(code)
        guard FileManager.default.createFile(atPath: path, contents: Data((String(now + Self.lifetimeMilliseconds) + "\n" + label).utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw HubError.io("could not write \(path)")
        }
        return code
    }

    /// Claims a code (it is used up either way).
    /// - Returns: the link's label when the code existed, was unused and unexpired; nil otherwise.
    public func claim(_ code: String, now: Int64 = WallClock.nowMilliseconds()) -> String? {
        guard !code.isEmpty, code.count <= 100, code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        let path = directory + "/" + Self.hash(code)
        let claimed = path + ".claimed-" + UUID().uuidString
        guard rename(path, claimed) == 0 else { return nil }
        defer { unlink(claimed) }
        guard let text = try? String(contentsOfFile: claimed, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard let expiry = Int64(lines[0]), now < expiry else { return nil }
        return lines.count > 1 ? String(lines[1]) : ""
    }

    static func hash(_ code: String) -> String {
        SHA256.hash(data: Array(code.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
