/// The hub's HTTP paths and header names, shared by the server and its clients.
public enum HubAPI {
    /// `POST`: exchange an enrolment code and a public key for a token (JSON both ways).
    public static let enrolPath = "/v1/enrol"
    /// `POST`: a bundle in, a bundle out, a signed receipt in ``receiptHeader``.
    public static let syncPath = "/v1/sync"
    /// `GET /v1/exports/{format}?tier=analyst|office`: a streamed export.
    public static let exportsPath = "/v1/exports"
    /// `GET`: who the token belongs to (JSON).
    public static let mePath = "/v1/me"
    /// `GET`: the enrolled devices (JSON, office only).
    public static let devicesPath = "/v1/devices"
    /// `GET`: liveness, no token needed.
    public static let healthPath = "/v1/health"
    /// `POST`: resolve a conflict (office; dashboard form or office token).
    public static let resolvePath = "/v1/conflicts/resolve"
    /// `POST`: decide a possible duplicate (office; dashboard form or office token).
    public static let decidePath = "/v1/duplicates/decide"
    /// `GET /login?code=…`: a one-time dashboard login link.
    public static let loginPath = "/login"
    /// `GET`: the dashboard page (office).
    public static let dashboardPath = "/dashboard"

    /// The signed receipt of a sync, base64 of ``SyncReceipt/encoded``.
    public static let receiptHeader = "Selaras-Receipt"
    /// SHA-256 (hex) of a download's body.
    public static let contentSHA256Header = "Selaras-Content-SHA256"
    /// The file name of a download (`children.csv.gz`, `export.tar`, …).
    public static let fileNameHeader = "Selaras-File-Name"
    /// Media type of bundle bodies.
    public static let bundleMediaType = "application/vnd.selaras.bundle"
}
