#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasModel
import SelarasSync
import SelarasTestSupport
import Testing

/// Group commit at the hub: syncs that arrive together share one durable commit, and none is
/// acknowledged before the commit covering it.
@Suite struct GroupCommitHubTests {
    /// One laptop's sync in a burst: the stream it owns and what the hub's receipt acknowledged.
    struct Acknowledged: Sendable {
        let directory: String
        let stream: StreamID
        let acknowledged: UInt64?
    }

    /// Syncs every laptop at once (each opens its own store inside its task).
    static func burst(_ laptops: [(String, HubLink)]) async -> [Acknowledged] {
        await withTaskGroup(of: Acknowledged.self) { group in
            for (directory, link) in laptops {
                group.addTask {
                    let own = StreamID(origin: link.device, kelurahanCode: link.kelurahan ?? 0)
                    do {
                        let store = try Store.open(at: directory)
                        defer { store.close() }
                        let report = try await LaptopSync.sync(store: store, link: link)
                        return Acknowledged(directory: directory, stream: own, acknowledged: report.receipt.vector[own])
                    } catch {
                        return Acknowledged(directory: directory, stream: own, acknowledged: nil)
                    }
                }
            }
            var all: [Acknowledged] = []
            for await a in group { all.append(a) }
            return all
        }
    }

    @Test("twelve cadres syncing at once are applied in fewer commits than syncs, each receipt covering its own events")
    func burstShares() async throws {
        try await withHub { fx in
            var laptops: [(String, HubLink)] = []
            for i in 0..<12 {
                let kel = Kelurahan.all[i % 4]
                let (store, link) = try await fx.enrolled("lap\(i)", role: .cadre, kelurahan: kel)
                try record(store, 30 + i)
                laptops.append((store.directory, link))
                store.close()
            }
            let acks = await Self.burst(laptops)
            #expect(acks.count == 12)
            for a in acks {
                let i = try #require(laptops.firstIndex { $0.0 == a.directory })
                #expect(a.acknowledged == UInt64(30 + i), "\(a.directory)")
            }
            let commits = await fx.hub.groupCommits
            #expect(commits.bundles == 12)
            #expect(commits.groups < 12, "every sync committed alone: \(commits)")
            let vv = try await fx.hub.stateSummary()
            #expect(vv.version == UInt64((0..<12).reduce(0) { $0 + 30 + $1 }))
        }
    }

    /// The built `selaras` executable (next to the test bundle).
    static let executable: String? = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("selaras").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    /// `selaras hub serve --port 0` as a child process; returns it and its URL.
    static func serve(_ store: String) throws -> (Process, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(executable, "build the selaras executable first (swift build)"))
        p.arguments = ["hub", "serve", "--store", store, "--port", "0"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let r = try #require(text.range(of: "http://"), "hub serve printed no address: \(text)")
        return (p, String(text[r.lowerBound...].prefix { !$0.isWhitespace }))
    }

    /// Runs `selaras sync` for every laptop at once, SIGKILLs the hub after a delay, and reads
    /// from each process's output how far the hub's receipt acknowledged its own stream (nil
    /// when the sync did not complete).
    static func processBurst(_ laptops: [(String, HubLink)], killing hub: Process, afterMilliseconds: Int) throws -> [Acknowledged] {
        var running: [(Process, String, StreamID, String)] = []
        for (dir, link) in laptops {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: try #require(executable))
            p.arguments = ["sync", "--store", dir]
            let out = dir + ".out"
            FileManager.default.createFile(atPath: out, contents: nil)
            p.standardOutput = FileHandle(forWritingAtPath: out)
            p.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try p.run()
            running.append((p, dir, StreamID(origin: link.device, kelurahanCode: link.kelurahan ?? 0), out))
        }
        usleep(useconds_t(afterMilliseconds * 1000))
        kill(hub.processIdentifier, SIGKILL)
        hub.waitUntilExit()
        return running.map { p, dir, stream, out in
            p.waitUntilExit()
            let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            // "received by the office: KELURAHAN seq 1…N of M (…)"
            let n = p.terminationStatus == 0 ? text.firstMatch(of: /received by the office: .* seq 1…(\d+) of/).flatMap { UInt64($0.1) } : nil
            return Acknowledged(directory: dir, stream: stream, acknowledged: n)
        }
    }

    @Test("the hub process killed (SIGKILL) in a burst of syncs: every acknowledged event is in its store, unchanged; the next syncs complete",
          arguments: [40, 150, 400])
    func killedMidBurst(afterMilliseconds: Int) async throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-group-kill")
        defer { tmp.cleanup() }
        let hubStore = tmp.child("hub")
        var (hub, url) = try Self.serve(hubStore)
        var running = true
        defer { if running { kill(hub.processIdentifier, SIGKILL); hub.waitUntilExit() } }
        let registry = try RegistryFile(storeDirectory: hubStore)
        var laptops: [(String, HubLink)] = []
        for i in 0..<16 {
            let kel = Kelurahan.all[i % 6]
            let store = try Store.create(at: tmp.child("lap\(i)"), kelurahan: kel, label: "lap\(i)")
            try record(store, 200 + i)
            let link = try await LaptopSync.enrol(store: store, url: url, code: try registry.createEnrolment(role: .cadre, kelurahan: kel))
            laptops.append((store.directory, link))
            store.close()
        }
        // The burst (each laptop a `selaras sync` process: a connection cut mid-upload can
        // crash FoundationNetworking's client, which must not take the test down), and the hub
        // killed without warning while it runs.
        let first = try Self.processBurst(laptops, killing: hub, afterMilliseconds: afterMilliseconds)
        running = false

        // Every event a receipt acknowledged is in the hub's store (reopened: recovery ran), the
        // very event the laptop holds, and the store verifies.
        let reopened = try Store.open(at: hubStore)
        for a in first {
            guard let n = a.acknowledged else { continue }
            #expect(reopened.versionVector[a.stream] >= n, "acknowledged \(n) events of \(a.stream), the hub holds \(reopened.versionVector[a.stream])")
            let lap = try Store.open(at: a.directory)
            #expect(try reopened.hash(of: a.stream, at: n) == lap.hash(of: a.stream, at: n))
            lap.close()
        }
        #expect(reopened.verify().isSound)
        reopened.close()

        // Started again, the hub completes every laptop's next sync: nothing lost or doubled.
        (hub, url) = try Self.serve(hubStore)
        running = true
        var again: [(String, HubLink)] = []
        for (dir, link) in laptops {
            var l = link
            l.url = url
            again.append((dir, l))
        }
        let second = await Self.burst(again)
        #expect(second.allSatisfy { $0.acknowledged != nil }, "a sync after the restart failed")
        kill(hub.processIdentifier, SIGTERM)
        hub.waitUntilExit()
        running = false
        let final = try Store.open(at: hubStore)
        defer { final.close() }
        for (i, (dir, _)) in laptops.enumerated() {
            let lap = try Store.open(at: dir)
            let own = StreamID(origin: lap.replica, kelurahanCode: lap.metadata.kelurahan.code)
            #expect(final.versionVector[own] == UInt64(200 + i) && final.head(of: own) == lap.head(of: own), "\(own)")
            lap.close()
        }
        #expect(final.versionVector.totalEvents == UInt64((0..<16).reduce(0) { $0 + 200 + $1 }))
        #expect(final.verify().isSound)
    }
}
