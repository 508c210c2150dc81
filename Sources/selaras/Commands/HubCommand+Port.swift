#if canImport(Glibc)
import Glibc
#endif

extension HubCommand.Serve {
    /// Refuses a host and port that cannot be listened on, before anything is created: binds a
    /// socket there (as the server will, with `SO_REUSEADDR`) and closes it again.
    /// - Throws: ``CLIError`` (1) naming the address and why, e.g. another hub already uses it.
    static func checkCanListen(host: String, port: Int) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var list: UnsafeMutablePointer<addrinfo>? = nil
        let found = getaddrinfo(host, String(port), &hints, &list)
        guard found == 0, let first = list else {
            throw CLIError.badInput("--host: '\(host)' is not an address of this machine (\(String(cString: gai_strerror(found))))")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return }  // the server will report what is wrong
        defer { close(fd) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 else { return }
        let code = errno
        if code == EADDRINUSE {
            throw CLIError.failure("cannot listen on \(host):\(port): the port is already in use (another hub running?); stop it or choose another --port")
        }
        throw CLIError.failure("cannot listen on \(host):\(port): \(String(cString: strerror(code)))")
    }
}
