import Foundation
import Logging
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasModel

extension DemoCommand {
    /// `selaras demo --hub`: a hub on loopback (in this process), the office and the laptops
    /// enrolled (the office as office, each laptop as a cadre of its kelurahan) and synced over
    /// HTTP, then the dashboard's login link; serves until Ctrl-C or `--hub-seconds`.
    func runHub(base: String, laptops: [(directory: String, label: String, kelurahan: Kelurahan)], office: String) async throws {
        let hubDirectory = base + "/hub"
        try Store.create(at: hubDirectory, kelurahan: laptops[0].kelurahan, label: "hub").close()
        var config = HubConfiguration()
        config.port = hubPort
        var logger = Logger(label: "selaras.hub")
        logger.logLevel = .warning
        let hub = try await Hub(storeDirectory: hubDirectory, configuration: config, logger: logger)
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let seconds = hubSeconds
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await HubServer.run(hub: hub) { portSink.yield($0) } }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next() else { return }
            let url = "http://127.0.0.1:\(port)"
            print("\nHub on \(url) (store \(hubDirectory)); enrolling and syncing over HTTP:")
            let devices = [(office, "office", HubRole.office, Kelurahan?.none)] + laptops.map { ($0.directory, $0.label, HubRole.cadre, Optional($0.kelurahan)) }
            // The office first (it holds everything), then each laptop pulls its kelurahan.
            for (directory, label, role, kelurahan) in devices {
                let store = try Store.open(at: directory)
                defer { store.close() }
                let code = try hub.registryFile.createEnrolment(role: role, kelurahan: kelurahan)
                let link = try await LaptopSync.enrol(store: store, url: url, code: code)
                let report = try await LaptopSync.sync(store: store, link: link)
                print("  \(label) (\(role.rawValue)\(kelurahan.map { ", " + $0.name } ?? "")): sent \(report.sentEvents) events, received \(report.receivedBytes) bytes")
            }
            let code = try LoginCodes(registry: hub.registryFile).create(label: "demo")
            print("""

            Dashboard (open once, within 10 minutes): \(url)\(HubAPI.loginPath)?code=\(code)
            Another link: selaras hub login-link --store \(hubDirectory) --url \(url)
            Devices: selaras hub devices --store \(hubDirectory)
            """ + (seconds.map { "\nServing for \($0) s." } ?? "\nServing until Ctrl-C."))
            if let seconds {
                try await Task.sleep(for: .seconds(seconds))
                group.cancelAll()
            }
            try await group.waitForAll()
        }
        print("hub stopped")
    }
}
