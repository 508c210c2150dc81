import Foundation
import SelarasLog

/// The address a running hub serves on, in `STORE/hub/address` (one line, the base URL):
/// written when `selaras hub serve` listens and removed when it stops, so `selaras hub enrol`
/// and `hub login-link` can print the hub's own address, and a command refused by the running
/// hub's store lock can say where the hub is.
public enum HubAddress {
    /// The file of a hub store.
    static func path(storeDirectory: String) -> String { storeDirectory + "/hub/address" }

    /// The URL laptops use for a hub listening on `host:port`: a wildcard host (`0.0.0.0`,
    /// `::`, empty) is replaced by this machine's host name, which other machines can resolve.
    public static func url(host: String, port: Int) -> String {
        let wildcard = ["0.0.0.0", "::", "[::]", ""].contains(host)
        let name = wildcard ? ProcessInfo.processInfo.hostName : host
        return "http://" + (name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name) + ":\(port)"
    }

    /// Records the address (atomically; readers see the old file or the new one).
    /// - Throws: ``HubError`` when the file cannot be written.
    public static func write(_ url: String, storeDirectory: String) throws {
        do { try PosixFileSystem().writeFileAtomically(path(storeDirectory: storeDirectory), Array((url + "\n").utf8)) } catch {
            throw HubError.io("could not write \(path(storeDirectory: storeDirectory))", error)
        }
    }

    /// The address a running hub recorded, or nil (no hub has served this store, or it stopped).
    public static func read(storeDirectory: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path(storeDirectory: storeDirectory)),
              let line = String(data: data.prefix(512), encoding: .utf8)?.split(separator: "\n").first,
              line.hasPrefix("http://") || line.hasPrefix("https://") else { return nil }
        return String(line)
    }

    /// Removes the record (the hub stopped).
    public static func remove(storeDirectory: String) {
        try? FileManager.default.removeItem(atPath: path(storeDirectory: storeDirectory))
    }
}
