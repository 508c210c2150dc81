import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SelarasHubProtocol

/// Talks to a hub over HTTP with FoundationNetworking's `URLSession` (it ships with the
/// toolchain): bodies stream from and to files, refusals come back as ``HubClientError`` with
/// the hub's own sentence.
public struct HubClient: Sendable {
    /// The hub's base URL.
    public let baseURL: URL

    /// A client for a hub.
    /// - Throws: ``HubClientError`` `bad-url` when `url` is not an http(s) URL.
    public init(url: String) throws {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let u = URL(string: trimmed), let scheme = u.scheme, scheme == "http" || scheme == "https", u.host != nil else {
            throw HubClientError(code: "bad-url", "--hub: '\(url)' is not a hub URL like http://192.168.1.10:8080")
        }
        baseURL = u
    }

    func request(_ path: String, method: String, token: String? = nil, query: [URLQueryItem] = []) -> URLRequest {
        var c = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { c.queryItems = query }
        var r = URLRequest(url: c.url!)
        r.httpMethod = method
        if let token { r.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        return r
    }

    /// Turns a non-2xx answer into the hub's refusal.
    static func check(_ r: Transfer.Result, doing what: String) throws {
        guard !(200..<300).contains(r.status) else { return }
        if let e = try? JSONDecoder().decode(HubErrorBody.self, from: r.body) {
            throw HubClientError(code: e.error, status: r.status, "the hub refused to \(what) (HTTP \(r.status)): \(e.message)")
        }
        throw HubClientError(code: "refused", status: r.status, "the hub refused to \(what) (HTTP \(r.status))")
    }

    /// Enrols: sends the code, this replica's public key and its signature of the code.
    /// - Returns: the hub's answer (token and hub identity).
    public func enrol(_ body: EnrolRequest) async throws -> EnrolResponse {
        var r = request(HubAPI.enrolPath, method: "POST")
        r.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let result = try await Transfer.run(r, uploadBytes: try JSONEncoder().encode(body))
        try Self.check(result, doing: "enrol this laptop")
        do { return try JSONDecoder().decode(EnrolResponse.self, from: result.body) } catch {
            throw HubClientError(code: "bad-answer", status: result.status, "the hub's enrolment answer is not the expected JSON", underlying: error)
        }
    }

    /// What a sync exchange returned.
    public struct SyncAnswer: Sendable {
        /// The `Selaras-Receipt` header value.
        public let receipt: String
        /// Bytes of the answer bundle.
        public let bytesReceived: Int64
    }

    /// Sends a bundle file and streams the hub's answer bundle into `answerPath`.
    public func sync(bundlePath: String, token: String, answerPath: String,
                     progress: @escaping @Sendable (TransferProgress) -> Void = { _ in }) async throws -> SyncAnswer {
        var r = request(HubAPI.syncPath, method: "POST", token: token)
        r.setValue(HubAPI.bundleMediaType, forHTTPHeaderField: "Content-Type")
        let result = try await Transfer.run(r, uploadFile: bundlePath, outputPath: answerPath, progress: progress)
        try Self.check(result, doing: "sync")
        guard let receipt = result.headers[HubAPI.receiptHeader.lowercased()] else {
            throw HubClientError(code: "bad-answer", status: result.status, "the hub's sync answer has no signed receipt")
        }
        return SyncAnswer(receipt: receipt, bytesReceived: result.bytesReceived)
    }

    /// What a download returned.
    public struct Download: Sendable {
        /// The file name the hub offered.
        public let fileName: String
        /// The SHA-256 (hex) the hub announced, checked against the bytes received.
        public let sha256: String
        /// Bytes received.
        public let bytes: Int64
    }

    /// Downloads an export into `path` and checks its SHA-256 against the hub's header.
    /// - Parameter progress: called as the answer's bytes arrive (after the hub has made the
    ///   export, or at once when it serves a kept one).
    public func download(format: String, tier: String, token: String, to path: String,
                         progress: @escaping @Sendable (TransferProgress) -> Void = { _ in }) async throws -> Download {
        let r = request(HubAPI.exportsPath + "/" + format, method: "GET", token: token, query: [URLQueryItem(name: "tier", value: tier)])
        let result = try await Transfer.run(r, outputPath: path, progress: progress)
        try Self.check(result, doing: "send the \(format) export (\(tier) tier)")
        let announced = result.headers[HubAPI.contentSHA256Header.lowercased()] ?? ""
        let actual = try FileDigest.sha256Hex(of: path)
        guard announced == actual else {
            throw HubClientError(code: "bad-answer", "the download's SHA-256 \(actual) does not match the hub's \(announced) (cut short or damaged)")
        }
        return Download(fileName: result.headers[HubAPI.fileNameHeader.lowercased()] ?? format, sha256: actual, bytes: result.bytesReceived)
    }

    /// `GET` a JSON document (e.g. ``HubAPI/mePath``).
    public func getJSON<T: Decodable>(_ path: String, token: String?, as type: T.Type) async throws -> T {
        let result = try await Transfer.run(request(path, method: "GET", token: token))
        try Self.check(result, doing: "answer \(path)")
        do { return try JSONDecoder().decode(T.self, from: result.body) } catch {
            throw HubClientError(code: "bad-answer", status: result.status, "the hub's answer to \(path) is not the expected JSON", underlying: error)
        }
    }
}

extension HubClient {
    /// An answer as it came, for callers that check statuses themselves (tests, load tools).
    public struct RawAnswer: Sendable {
        /// The HTTP status.
        public let status: Int
        /// Header values by lower-cased name.
        public let headers: [String: String]
        /// The body, when it was not written to `outputPath`.
        public let body: Data
    }

    /// Sends one request and returns the answer whatever its status.
    /// - Parameters:
    ///   - method: `GET` or `POST`.
    ///   - path: the path (`/v1/sync`).
    ///   - token: the bearer token, or nil for none.
    ///   - query: query items.
    ///   - bodyFile: a file streamed as the body.
    ///   - bodyBytes: small bytes sent as the body.
    ///   - outputPath: where a 2xx body is streamed (nil: kept in memory).
    public func raw(_ method: String, _ path: String, token: String? = nil, query: [URLQueryItem] = [],
                    bodyFile: String? = nil, bodyBytes: Data? = nil, outputPath: String? = nil) async throws -> RawAnswer {
        let r = try await Transfer.run(request(path, method: method, token: token, query: query), uploadFile: bodyFile,
                                       uploadBytes: bodyBytes, outputPath: outputPath)
        return RawAnswer(status: r.status, headers: r.headers, body: r.body)
    }
}
