#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One HTTP/1.1 exchange over a real TCP socket to 127.0.0.1, with every header chosen by the
/// test (URLSession would not send a forged Host).
struct RawHTTP {
    struct Answer: Sendable {
        let status: Int
        let headers: [(String, String)]
        let body: String
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    /// Sends on a Dispatch thread, so that a blocked socket never holds one of the few threads
    /// of Swift's cooperative pool (which the app under test needs to answer).
    static func send(port: Int, _ method: String, _ path: String, headers: [(String, String)], body: String = "") async throws -> Answer {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Answer, any Error>) in
            DispatchQueue.global().async {
                c.resume(with: Result { try sendBlocking(port: port, method, path, headers: headers, body: body) })
            }
        }
    }

    static func sendBlocking(port: Int, _ method: String, _ path: String, headers: [(String, String)], body: String = "") throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { throw POSIXError(.ECONNREFUSED) }
        var text = "\(method) \(path) HTTP/1.1\r\n"
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        let bytes = Array(body.utf8)
        if method == "POST" { text += "Content-Length: \(bytes.count)\r\n" }
        text += "Connection: close\r\n\r\n"
        let out = Array(text.utf8) + bytes
        var sent = 0
        while sent < out.count {
            let n = out[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw POSIXError(.EIO) }
            sent += n
        }
        var received: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            received += buf[0..<n]
        }
        let all = String(decoding: received, as: UTF8.self)
        guard let split = all.range(of: "\r\n\r\n") else { throw POSIXError(.EPROTO) }
        let head = all[..<split.lowerBound].split(separator: "\r\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        let hs = head.dropFirst().compactMap { line -> (String, String)? in
            guard let c = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<c]), line[line.index(after: c)...].trimmingCharacters(in: .whitespaces))
        }
        var body = String(all[split.upperBound...])
        if hs.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased() == "chunked" }) { body = dechunk(body) }
        return Answer(status: status, headers: hs, body: body)
    }

    static func dechunk(_ s: String) -> String {
        var out = "", rest = Substring(s)
        while let r = rest.range(of: "\r\n"), let n = Int(rest[..<r.lowerBound], radix: 16), n > 0 {
            let start = r.upperBound
            let bytes = Array(rest[start...].utf8)
            out += String(decoding: bytes.prefix(n), as: UTF8.self)
            rest = Substring(String(decoding: bytes.dropFirst(n + 2), as: UTF8.self))
        }
        return out
    }
}
