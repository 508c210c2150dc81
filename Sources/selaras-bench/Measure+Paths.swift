import Foundation

extension Measure {
    /// `path` made absolute against the current directory.
    static func absolutePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// This program's path for a child shell: absolute when it was started by a path, as it
    /// is when found on PATH.
    static var selfPath: String {
        let me = CommandLine.arguments[0]
        return me.contains("/") ? absolutePath(me) : me
    }
}
