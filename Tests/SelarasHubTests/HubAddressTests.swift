import Foundation
import SelarasHub
import SelarasTestSupport
import Testing

/// The running hub's recorded address (`STORE/hub/address`).
@Suite struct HubAddressTests {
    @Test("a wildcard host is printed as this machine's name; a given host as it is; IPv6 in brackets")
    func url() {
        #expect(HubAddress.url(host: "127.0.0.1", port: 8080) == "http://127.0.0.1:8080")
        #expect(HubAddress.url(host: "0.0.0.0", port: 80) == "http://\(ProcessInfo.processInfo.hostName):80")
        #expect(HubAddress.url(host: "::1", port: 9) == "http://[::1]:9")
    }

    @Test("the address is written, read back and removed; anything but a URL reads as none")
    func roundTrip() throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-address")
        defer { tmp.cleanup() }
        let store = tmp.child("hub")
        try FileManager.default.createDirectory(atPath: store + "/hub", withIntermediateDirectories: true)
        #expect(HubAddress.read(storeDirectory: store) == nil)
        try HubAddress.write("http://10.0.0.5:8080", storeDirectory: store)
        #expect(HubAddress.read(storeDirectory: store) == "http://10.0.0.5:8080")
        try Data("rm -rf /\n".utf8).write(to: URL(fileURLWithPath: store + "/hub/address"))
        #expect(HubAddress.read(storeDirectory: store) == nil)
        HubAddress.remove(storeDirectory: store)
        #expect(!FileManager.default.fileExists(atPath: store + "/hub/address"))
    }
}
