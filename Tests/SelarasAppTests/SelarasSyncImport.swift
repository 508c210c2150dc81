import SelarasLog
import SelarasSync

/// Imports a bundle file into a store (the CLI's `bundle import`).
enum SelarasSyncImport {
    static func importFile(store: Store, path: String) throws -> BundleImporter.Summary {
        try BundleImporter(store: store).importFile(path)
    }
}
