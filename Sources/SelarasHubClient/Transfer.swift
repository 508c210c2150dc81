#if canImport(Glibc)
import Glibc
#endif
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SelarasHubProtocol

/// One HTTP exchange through FoundationNetworking's `URLSession`: the request body streamed from
/// a file (or small bytes), a successful answer streamed into a file (or kept when small), an
/// error answer decoded as the hub's JSON refusal.
final class Transfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// What came back.
    struct Result: Sendable {
        /// The HTTP status.
        let status: Int
        /// Header values by lower-cased name.
        let headers: [String: String]
        /// The body when it was not written to a file.
        let body: Data
        /// Bytes received.
        let bytesReceived: Int64
    }

    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result, any Error>?
    private var response: HTTPURLResponse?
    private var output: FileHandle?
    private let outputPath: String?
    private var body = Data()
    private var received: Int64 = 0
    private var writeError: (any Error)?
    private let progress: @Sendable (TransferProgress) -> Void

    private init(outputPath: String?, progress: @escaping @Sendable (TransferProgress) -> Void) {
        self.outputPath = outputPath
        self.progress = progress
    }

    /// Runs one request.
    /// - Parameters:
    ///   - request: the request (method, headers).
    ///   - uploadFile: a file to stream as the body.
    ///   - uploadBytes: small bytes to send as the body.
    ///   - outputPath: where a 2xx body is streamed (nil: kept in memory).
    /// - Throws: ``HubClientError`` `network` when the hub cannot be reached or the connection breaks.
    static func run(_ request: URLRequest, uploadFile: String? = nil, uploadBytes: Data? = nil, outputPath: String? = nil,
                    progress: @escaping @Sendable (TransferProgress) -> Void = { _ in }) async throws -> Result {
        let transfer = Transfer(outputPath: outputPath, progress: progress)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 300
        let session = URLSession(configuration: configuration, delegate: transfer, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await withCheckedThrowingContinuation { c in
            transfer.lock.withLock { transfer.continuation = c }
            let task: URLSessionTask
            if let uploadFile {
                task = session.uploadTask(with: request, fromFile: URL(fileURLWithPath: uploadFile))
            } else if let uploadBytes {
                task = session.uploadTask(with: request, from: uploadBytes)
            } else {
                task = session.dataTask(with: request)
            }
            task.resume()
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.withLock {
            self.response = response as? HTTPURLResponse
            if let outputPath, let status = self.response?.statusCode, (200..<300).contains(status) {
                // Opened in place (not replaced): a caller's lock on an existing file stays on this file.
                let fd = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
                if fd >= 0 {
                    output = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
                } else {
                    writeError = HubClientError(code: "io", "could not create \(outputPath) (errno \(errno))")
                }
            }
        }
        completionHandler(writeError == nil ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let (total, expected) = lock.withLock { () -> (Int64, Int64) in
            received += Int64(data.count)
            if let output {
                do { try output.write(contentsOf: data) } catch {
                    writeError = error
                    dataTask.cancel()
                }
            } else if body.count < 16 << 20 {
                body.append(data)
            }
            return (received, response?.expectedContentLength ?? -1)
        }
        progress(.received(total, expected))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didSendBodyData bytesSent: Int64, totalBytesSent: Int64,
                    totalBytesExpectedToSend: Int64) {
        progress(.sent(totalBytesSent, totalBytesExpectedToSend))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (c, result) = lock.withLock { () -> (CheckedContinuation<Result, any Error>?, Swift.Result<Result, any Error>) in
            let c = continuation
            continuation = nil
            var syncError: (any Error)? = nil
            if let output {
                do { try output.synchronize(); try output.close() } catch { syncError = error }
            }
            if let e = writeError ?? syncError {
                return (c, .failure(HubClientError(code: "io", "could not save the hub's answer: \(e)", underlying: e)))
            }
            if let error {
                return (c, .failure(HubClientError(code: "network", "the connection to the hub failed: \(error.localizedDescription)", underlying: error)))
            }
            guard let r = response else {
                return (c, .failure(HubClientError(code: "network", "the hub sent no answer")))
            }
            var headers: [String: String] = [:]
            for (k, v) in r.allHeaderFields { headers["\(k)".lowercased()] = "\(v)" }
            return (c, .success(Result(status: r.statusCode, headers: headers, body: body, bytesReceived: received)))
        }
        c?.resume(with: result)
    }
}

/// Progress of an HTTP exchange: bytes sent of expected, or received of expected (-1: unknown).
public enum TransferProgress: Sendable {
    /// Request body bytes sent so far, of the total.
    case sent(Int64, Int64)
    /// Answer bytes received so far, of the announced length.
    case received(Int64, Int64)
}
