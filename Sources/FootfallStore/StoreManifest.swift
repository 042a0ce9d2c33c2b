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

    public var schemaVersion: Int
    /// The store version's name (`v…`): the folder `current` points to.
    public var version: String
    /// A hash of the site config the days were written with.
    public var configHash: String
    /// Days by `YYYY-MM-DD`.
    public var days: [String: Day]
    /// Visitor keys in the history.
    public var visitorKeys: Int

    enum CodingKeys: String, CodingKey {
        case version, days
        case schemaVersion = "schema_version"
        case configHash = "config_hash"
        case visitorKeys = "visitor_keys"
    }

    /// The manifest of an empty store.
    public static func empty(configHash: String) -> StoreManifest {
        StoreManifest(schemaVersion: StoreTable.schemaVersion, version: "", configHash: configHash, days: [:], visitorKeys: 0)
    }
}
