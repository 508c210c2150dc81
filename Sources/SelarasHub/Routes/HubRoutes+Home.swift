import Hummingbird
import SelarasHubProtocol

extension HubRoutes {
    /// `GET /` (no token): a short page in Bahasa Indonesia for someone who opens the hub in a
    /// browser, saying how to reach the dashboard (a one-time login link from
    /// `selaras hub login-link`).
    static func registerHome(on router: Router<BasicRequestContext>, hub: Hub) {
        router.get("/") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                            header("Content-Security-Policy"): "default-src 'none'; style-src 'unsafe-inline'"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: homePage)))
        }
    }

    /// The page `GET /` answers.
    static let homePage = """
        <!doctype html>
        <html lang="id">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Hub Selaras</title>
        <style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.5}code,pre{background:#f3f3f3;padding:.1em .3em}</style>
        </head>
        <body>
        <h1>Hub Selaras</h1>
        <p>Ini hub Selaras: tempat laptop posyandu dan survei RTLH menyinkronkan data, dan tempat kantor melihat dasbor.</p>
        <h2>Masuk ke dasbor</h2>
        <p>Dasbor ada di <a href="\(HubAPI.dashboardPath)">\(HubAPI.dashboardPath)</a> dan hanya untuk kantor. Untuk masuk, mintalah
        <strong>tautan masuk sekali pakai</strong> kepada pengelola hub. Pengelola membuatnya di komputer hub dengan perintah:</p>
        <pre>selaras hub login-link --store HUB --url http://ALAMAT-HUB:PORT --for "Nama Anda"</pre>
        <p>Buka tautan itu di peramban ini. Tautan hanya berlaku satu kali, selama 10 menit; setelah itu dasbor terbuka
        tanpa kode di bilah alamat. Jika tautan sudah kedaluwarsa atau sudah dipakai, mintalah tautan baru.</p>
        <h2>Laptop kader</h2>
        <p>Laptop kader tidak memakai halaman ini: daftarkan laptop dengan <code>selaras enrol</code> (kode pendaftaran
        dari <code>selaras hub enrol</code>) lalu kirim data dengan <code>selaras sync</code>.</p>
        </body>
        </html>

        """
}
