import Dispatch
import Foundation

/// Fork-join helpers over `DispatchQueue.concurrentPerform` (the calling thread takes part and
/// waits; nothing outlives the call), for the exporters' work on all cores.
public enum Parallel {
    /// Runs `body` for each of `0..<count` on all cores and returns the results in index order.
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        nonisolated(unsafe) var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: count) { i in out[i] = body(i) }
        }
        return results.map { $0! }
    }

    /// Runs `body` for each of `0..<count` on all cores and returns the results in index order.
    /// - Throws: the error of the lowest index that threw (after every call has ended).
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        try map(count) { i in Result { try body(i) } }.map { try $0.get() }
    }
}
