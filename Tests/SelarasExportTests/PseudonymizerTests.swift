import Crypto
import SelarasExport
import SelarasModel
import Testing

/// The pseudonymizer's pre-keyed HMAC must equal swift-crypto's HMAC-SHA256 exactly.
@Suite("Pseudonymizer")
struct PseudonymizerTests {
    @Test("equals HMAC<SHA256> for keys of 32, 64 and 100 bytes and many messages", arguments: [32, 64, 100])
    func matchesHMAC(keyLength: Int) {
        var rng = SystemRandomNumberGenerator()
        let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let p = Pseudonymizer(key: key)
        for length in [0, 1, 55, 56, 63, 64, 65, 200] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
            #expect(p.mac(message) == expected, "key \(keyLength) message \(length)")
        }
    }

    @Test("the same key and id give the same pseudonym; another key gives another")
    func stable() {
        let id = EntityID(kind: .child, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: 42), kelurahanCode: 26), seq: 7))
        let a = Pseudonymizer(key: [UInt8](repeating: 1, count: 32))
        let b = Pseudonymizer(key: [UInt8](repeating: 2, count: 32))
        #expect(a.pseudonym(id) == a.pseudonym(id))
        #expect(a.pseudonym(id) != b.pseudonym(id))
        #expect(a.pseudonym(id).count == 33)
        #expect(!a.pseudonym(id).contains(id.description))
    }

    @Test("a pseudonym is p and the hex of HMAC(key, \"selaras-id:\" + the id's text), first 16 bytes")
    func definition() {
        var rng = SystemRandomNumberGenerator()
        let p = Pseudonymizer(key: (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
        let seqs: [UInt64] = [1, 9, 10, 99_999, UInt64.max]
        let replicas: [UInt64] = [0, 0xa11ce, UInt64.max, UInt64.random(in: 0...UInt64.max, using: &rng)]
        for kind in RecordKind.allCases {
            for replica in replicas {
                for (k, seq) in zip([UInt16(0), 1, 26, 999, UInt16.max], seqs) {
                    let id = EntityID(kind: kind, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: replica), kelurahanCode: k), seq: seq))
                    let expected = "p" + p.mac(Array("selaras-id:\(id)".utf8)).prefix(16).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
                    #expect(p.pseudonym(id) == expected, "\(id)")
                }
            }
        }
    }
}
