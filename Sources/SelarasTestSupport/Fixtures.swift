import Foundation

/// Finds the shared `Fixtures/` directory that test targets bundle with
/// `resources: [.copy("../../Fixtures")]`, and copies fixture stores to temporary directories
/// (opening a store repairs it, so a test never opens a fixture in place).
public enum Fixtures: Sendable {
    /// The `Fixtures` directory inside a test target's resource bundle.
    ///
    /// Call it from the test target as `Fixtures.root(in: .module)`: `Bundle.module` exists only
    /// in targets that declare resources.
    /// - Throws: ``FixtureError`` when the bundle holds no `Fixtures` directory.
    public static func root(in bundle: Bundle) throws -> URL {
        guard let url = bundle.url(forResource: "Fixtures", withExtension: nil) else {
            throw FixtureError("no Fixtures directory in bundle \(bundle.bundlePath); does the test target declare resources: [.copy(\"../../Fixtures\")]?")
        }
        return url
    }

    /// A file or directory under the fixtures root, checked to exist.
    /// - Parameters:
    ///   - relativePath: for example `logs/torn-tail` or `balikpapan/kelurahan.csv`.
    ///   - root: the fixtures root (see ``root(in:)``).
    public static func url(_ relativePath: String, in root: URL) throws -> URL {
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FixtureError("fixture \(relativePath) is missing under \(root.path)")
        }
        return url
    }

    /// Copies a fixture directory (or file) into `directory` under its own name and returns the
    /// copy's path, so that a test can open and change it freely.
    /// - Parameters:
    ///   - relativePath: the fixture under `root`, e.g. `logs/torn-tail`.
    ///   - root: the fixtures root.
    ///   - directory: the destination (usually a ``TemporaryDirectory``).
    public static func copy(_ relativePath: String, from root: URL, into directory: TemporaryDirectory) throws -> String {
        let source = try url(relativePath, in: root)
        let destination = directory.child(source.lastPathComponent)
        try FileManager.default.copyItem(atPath: source.path, toPath: destination)
        return destination
    }
}

/// A fixture is missing or could not be copied.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
