/// `_manifest.json` of a store version (SPEC §9): its days, their source files, row counts, the schema
/// version and the config's hash.
public struct StoreManifest: Codable, Sendable, Equatable {
    /// A log file an ingest read.
    public struct Source: Codable, Sendable, Equatable {
        public var file: String
        public var size: Int64
        /// CRC-32 of the file's bytes (zlib's), as 8 hex digits.
        public var crc32: String
    }

    /// One day of the store.
    public struct Day: Codable, Sendable, Equatable {
        public var sources: [Source]
        public var visits: Int
        public var pageViews: Int
        public var hits: Int
        public var botHits: Int
        /// The version that wrote this day.
        public var writtenBy: String

        enum CodingKeys: String, CodingKey {
            case sources, visits, hits
            case pageViews = "page_views"
            case botHits = "bot_hits"
            case writtenBy = "written_by"
        }
    }

    /// A data file of the version: what `footfall store check` and every reader verify it against.
    public struct File: Codable, Sendable, Equatable {
        /// Bytes.
        public var size: Int64
        /// CRC-32 of the whole file (zlib's), 8 hex digits.
        public var crc32: String
        /// CRC-32 of its Parquet footer and the 8 bytes after it, 8 hex digits: checked each time the file is
        /// opened (pages carry CRCs of their own, checked when read).
        public var footerCRC32: String

        /// Where the file is, relative to the store's folder (`visits/day=…/part-v000042-….parquet`): data files
        /// have unique names and are never rewritten (SPEC §16).
        public var path: String?

        public init(size: Int64, crc32: String, footerCRC32: String, path: String? = nil) {
            self.size = size
            self.crc32 = crc32
            self.footerCRC32 = footerCRC32
            self.path = path
        }

        enum CodingKeys: String, CodingKey {
            case size, crc32, path
            case footerCRC32 = "footer_crc32"
        }
    }

    public var schemaVersion: Int
    /// The store version's name (`v…`): its store-level commit is `_footfall/versions/v….json`.
    public var version: String
    /// A hash of the site config the days were written with.
    public var configHash: String
    /// Days by `YYYY-MM-DD`.
    public var days: [String: Day]
    /// Visitor keys in the history.
    public var visitorKeys: Int
    /// Every data file of the version by its logical name (`visits/day=…/part-0.parquet`, `history/visitors.parquet`…;
    /// the file itself is at its ``File/path``); `nil` in a manifest written before checksums were kept.
    public var files: [String: File]?
    /// The Delta Lake version of each table this store version reads (`visits` → 12…): the store-level commit
    /// (SPEC §16). `nil` in a manifest of schema 5.
    public var tables: [String: Int]?
    /// When the version was committed, milliseconds since the epoch.
    public var createdMs: Int64?

    enum CodingKeys: String, CodingKey {
        case version, days, files, tables
        case createdMs = "created_ms"
        case schemaVersion = "schema_version"
        case configHash = "config_hash"
        case visitorKeys = "visitor_keys"
    }

    /// The manifest of an empty store.
    public static func empty(configHash: String) -> StoreManifest {
        StoreManifest(schemaVersion: StoreTable.schemaVersion, version: "", configHash: configHash, days: [:], visitorKeys: 0, files: [:], tables: [:])
    }
}
