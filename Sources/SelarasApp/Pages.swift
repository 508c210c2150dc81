import Foundation
import Hummingbird
import Mustache

/// The app's pages: mustache templates from the module's `Resources/templates` (one file per
/// page, `header` and `footer` partials), rendered to HTML answers.
public struct Pages: Sendable {
    let library: MustacheLibrary

    /// Loads the bundled templates.
    /// - Throws: ``AppError`` when the templates are missing or do not parse.
    public static func bundled() async throws -> Pages {
        guard let dir = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw AppError(.storeFailed, status: 500, "the app's templates are missing from its bundle")
        }
        do { return Pages(library: try await MustacheLibrary(directory: dir.path)) } catch {
            throw AppError(.storeFailed, status: 500, "the app's templates do not parse: \(error)")
        }
    }

    /// The page `name` rendered with `view` (an `[String: Any]` tree).
    func render(_ name: String, _ view: [String: Any]) -> String {
        library.render(view, withTemplate: name) ?? "template \(name) missing"
    }

    /// An HTML answer.
    static func html(_ text: String, status: Int = 200) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The refusal page for an ``AppError`` (its status and sentence).
    func refusal(_ e: AppError) -> Response {
        Self.html(render("refusal", ["title": "Ditolak", "message": e.message, "code": e.code.rawValue, "plain": true]),
                  status: e.status)
    }

    /// A 303 redirect.
    static func redirect(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path])
    }
}
