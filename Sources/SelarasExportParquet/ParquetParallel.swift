import Dispatch

/// Fork-join over `DispatchQueue.concurrentPerform`: the caller takes part and waits; nothing
/// outlives the call.
enum ParquetParallel {
    /// Runs `body` for each of `0..<count` on all cores; results in index order.
    /// - Throws: the error of the lowest index that threw (after every call has ended).
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        nonisolated(unsafe) var results = [Result<T, any Error>?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: count) { i in out[i] = Result { try body(i) } }
        }
        return try results.map { try $0!.get() }
    }
}
