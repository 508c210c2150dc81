import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The values of one attribute of every element of one name.
final class AttributeCollector: NSObject, XMLParserDelegate {
    let element: String
    let attribute: String
    var values: [String] = []
    init(element: String, attribute: String) {
        self.element = element
        self.attribute = attribute
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == element, let v = attributes[attribute] { values.append(v) }
    }
}

/// Relationship id → target.
final class RelationshipParser: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "Relationship", let id = attributes["Id"], let t = attributes["Target"] { targets[id] = t }
    }
}

/// The shared strings (`<si>`: its `<t>` texts joined, phonetic runs left out).
final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}
