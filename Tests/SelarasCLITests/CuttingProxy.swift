#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A TCP proxy on loopback in front of a hub that can cut an answer at an exact byte: it passes
/// the request through, forwards the first `limit` bytes of the answer, then closes both
/// connections (``Mode/cut``) or stops forwarding and holds them open (``Mode/stall``, for a
/// client to be killed mid-download). Real sockets, one connection at a time.
final class CuttingProxy: @unchecked Sendable {
    enum Mode: Sendable { case pass, cut(Int), stall(Int) }

    let port: Int
    private let listener: Int32
    private let upstreamPort: UInt16
    private let lock = NSLock()
    private var mode: Mode = .pass
    private var forwarded = 0
    private var stopped = false
    private var held: [Int32] = []

    /// Listens on 127.0.0.1 (a free port) in front of `upstreamPort`.
    init(upstreamPort: Int) throws {
        self.upstreamPort = UInt16(upstreamPort)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 8) == 0 else { throw ProxyError(message: "could not listen (errno \(errno))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    struct ProxyError: Error { let message: String }

    /// What the next connections get.
    func set(_ mode: Mode) { lock.withLock { self.mode = mode; forwarded = 0 } }

    /// Answer bytes forwarded to the client since the last ``set(_:)``.
    var forwardedBytes: Int { lock.withLock { forwarded } }

    /// Stops listening and closes every held connection.
    func stop() {
        let fds = lock.withLock { () -> [Int32] in stopped = true; defer { held = [] }; return held }
        for fd in fds { close(fd) }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = port.bigEndian
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        return a
    }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            if lock.withLock({ stopped }) { close(client); return }
            // A thread per connection: a kept-alive connection must not hold up the next one.
            Thread.detachNewThread { [self] in relay(client) }
        }
    }

    /// One connection: the request through, then the answer up to the mode's limit.
    private func relay(_ client: Int32) {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: upstreamPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(upstream); close(client); return }
        // Neither side may block the test for ever.
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        for fd in [client, upstream] { setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) }
        // The request: its head (up to the empty line), then `Content-Length` bytes of body.
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var headEnd: Int?
        var bodyLength = 0
        while headEnd.map({ request.count < $0 + bodyLength }) ?? true {
            let n = read(client, &buffer, buffer.count)
            guard n > 0 else { close(upstream); close(client); return }
            request += buffer[0..<n]
            if headEnd == nil, let end = request.endOfHead {
                headEnd = end
                let head = String(decoding: request[..<end], as: UTF8.self).lowercased()
                if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }) {
                    bodyLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        _ = request.withUnsafeBytes { write(upstream, $0.baseAddress, $0.count) }
        let mode = lock.withLock { self.mode }
        let limit: Int? = switch mode { case .pass: nil; case .cut(let n), .stall(let n): n }
        var sent = 0
        while limit.map({ sent < $0 }) ?? true {
            let want = min(buffer.count, limit.map { $0 - sent } ?? buffer.count)
            let n = read(upstream, &buffer, want)
            guard n > 0 else { break }
            var done = 0
            while done < n {
                let w = buffer.withUnsafeBytes { write(client, $0.baseAddress! + done, n - done) }
                guard w > 0 else { close(upstream); close(client); return }
                done += w
            }
            sent += n
            lock.withLock { forwarded += n }
        }
        if case .stall = mode {
            lock.withLock { held += [client, upstream] }
        } else {
            close(upstream)
            close(client)
        }
    }
}

private extension Array where Element == UInt8 {
    /// The index just past the head's empty line (`\r\n\r\n`), if it arrived.
    var endOfHead: Int? {
        guard count >= 4 else { return nil }
        for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 { return i + 4 }
        return nil
    }
}
