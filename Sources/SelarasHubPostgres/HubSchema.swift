/// The hub's tables in PostgreSQL, as numbered migrations: each is applied once, in order,
/// in one transaction with its number recorded in `selaras_schema` (``HubMigrator``). A
/// published migration is never edited; a change is a new one at the end.
public enum HubSchema {
    /// One step of the schema.
    public struct Migration: Sendable {
        /// Its number (1, 2, …: the order they are applied in).
        public let version: Int
        /// What it does, for people and `selaras_schema.name`.
        public let name: String
        /// Its statements, run in order.
        public let statements: [String]
    }

    /// The version a database has once every migration this program knows is applied.
    public static var latest: Int { migrations.last?.version ?? 0 }

    /// Every migration, oldest first.
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "events, streams, keys, devices, codes, sessions, receipts, audit", statements: [
            // Events by stream (origin replica, kelurahan) and seq, with their canonical bytes
            // and the hash that chains them; `pos` orders arrival for LISTEN/NOTIFY readers.
            """
            CREATE TABLE events (
                origin bigint NOT NULL,
                kelurahan smallint NOT NULL CHECK (kelurahan >= 0),
                seq bigint NOT NULL CHECK (seq >= 1),
                hash bytea NOT NULL CHECK (octet_length(hash) = 32),
                body bytea NOT NULL,
                pos bigserial NOT NULL UNIQUE,
                PRIMARY KEY (origin, kelurahan, seq)
            )
            """,
            // A kelurahan's events after a version vector (a cadre's pull).
            "CREATE INDEX events_by_kelurahan ON events (kelurahan, origin, seq)",
            // Each stream's head: its last seq and hash, and the origin's signed head.
            """
            CREATE TABLE streams (
                origin bigint NOT NULL,
                kelurahan smallint NOT NULL CHECK (kelurahan >= 0),
                seq bigint NOT NULL CHECK (seq >= 0),
                hash bytea NOT NULL CHECK (octet_length(hash) = 32),
                signed_head bytea,
                PRIMARY KEY (origin, kelurahan)
            )
            """,
            // Runs of events beyond a gap, waiting for it to fill.
            """
            CREATE TABLE waiting_runs (
                origin bigint NOT NULL,
                kelurahan smallint NOT NULL CHECK (kelurahan >= 0),
                first_seq bigint NOT NULL CHECK (first_seq >= 1),
                last_seq bigint NOT NULL,
                section bytea NOT NULL,
                frames bytea NOT NULL,
                PRIMARY KEY (origin, kelurahan, first_seq),
                CHECK (last_seq >= first_seq)
            )
            """,
            // Origins' public keys: a known key never changes.
            """
            CREATE TABLE origin_keys (
                origin bigint PRIMARY KEY,
                public_key bytea NOT NULL CHECK (octet_length(public_key) = 32)
            )
            """,
            // What each peer holds (the version vector it last covered), encoded.
            "CREATE TABLE peers (replica bigint PRIMARY KEY, vector bytea NOT NULL)",
            // Enrolled devices: never a token, only its hash.
            """
            CREATE TABLE devices (
                id bigint PRIMARY KEY,
                public_key bytea NOT NULL CHECK (octet_length(public_key) = 32),
                role text NOT NULL CHECK (role IN ('cadre', 'office', 'analyst')),
                kelurahan smallint,
                label text NOT NULL,
                enrolled_at bigint NOT NULL,
                token_hash bytea NOT NULL CHECK (octet_length(token_hash) = 32),
                last_sync bigint NOT NULL DEFAULT 0,
                revoked_at bigint NOT NULL DEFAULT 0,
                recent_bundles bytea NOT NULL DEFAULT ''::bytea CHECK (octet_length(recent_bundles) % 32 = 0)
            )
            """,
            // One-time enrolment codes (their hashes) waiting to be used.
            """
            CREATE TABLE enrolment_codes (
                code_hash bytea PRIMARY KEY CHECK (octet_length(code_hash) = 32),
                role text NOT NULL CHECK (role IN ('cadre', 'office', 'analyst')),
                kelurahan smallint,
                expires_at bigint NOT NULL
            )
            """,
            // One-time dashboard login codes (their hashes).
            """
            CREATE TABLE login_codes (
                code_hash bytea PRIMARY KEY CHECK (octet_length(code_hash) = 32),
                label text NOT NULL,
                expires_at bigint NOT NULL,
                used_at bigint
            )
            """,
            // Dashboard sessions (by the hash of their cookie), shared by every hub process.
            """
            CREATE TABLE sessions (
                cookie_hash bytea PRIMARY KEY CHECK (octet_length(cookie_hash) = 32),
                id text NOT NULL UNIQUE,
                label text NOT NULL,
                form_token text NOT NULL,
                expires_at bigint NOT NULL
            )
            """,
            // Signed receipts of syncs, by device and bundle digest.
            """
            CREATE TABLE receipts (
                device bigint NOT NULL,
                bundle_sha256 bytea NOT NULL CHECK (octet_length(bundle_sha256) = 32),
                received_at bigint NOT NULL,
                receipt bytea NOT NULL,
                PRIMARY KEY (device, bundle_sha256)
            )
            """,
            // The download audit log: appended, never changed.
            """
            CREATE TABLE audit (
                n bigserial PRIMARY KEY,
                at bigint NOT NULL,
                device bigint,
                session text,
                session_label text,
                role text NOT NULL,
                format text NOT NULL,
                tier text NOT NULL,
                bytes bigint NOT NULL CHECK (bytes >= 0),
                sha256 bytea NOT NULL CHECK (octet_length(sha256) = 32),
                CHECK ((device IS NULL) <> (session IS NULL))
            )
            """,
            """
            CREATE FUNCTION selaras_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the audit log is append-only: % of an audit entry is refused', TG_OP;
            END
            $$
            """,
            """
            CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit
                FOR EACH STATEMENT EXECUTE FUNCTION selaras_audit_is_append_only()
            """,
            // Bumped by every registry change: a hub process re-reads the registry when it moved.
            "CREATE TABLE registry_version (one boolean PRIMARY KEY DEFAULT true CHECK (one), version bigint NOT NULL)",
            "INSERT INTO registry_version (version) VALUES (0)",
        ]),
        Migration(version: 2, name: "waiting events one per row; streams' signed head is the origin's signature", statements: [
            // Events beyond a gap, one row each with the hash that chains them; the last event
            // of a run received carries its origin's signature of that head (64 bytes), so a run
            // is appended only up to a signed head. Replaces waiting_runs (never written).
            """
            CREATE TABLE waiting_events (
                origin bigint NOT NULL,
                kelurahan smallint NOT NULL CHECK (kelurahan >= 0),
                seq bigint NOT NULL CHECK (seq >= 1),
                hash bytea NOT NULL CHECK (octet_length(hash) = 32),
                body bytea NOT NULL,
                head_signature bytea CHECK (octet_length(head_signature) = 64),
                PRIMARY KEY (origin, kelurahan, seq)
            )
            """,
            "DROP TABLE waiting_runs",
            // streams.signed_head holds the origin's 64-byte signature of (stream, seq, hash):
            // NULL for the hub's own streams, which it signs when it sends them.
            "ALTER TABLE streams ADD CONSTRAINT streams_signed_head_size CHECK (octet_length(signed_head) = 64)",
        ]),
    ]
}
