import Foundation
public import LogAnalytics
public import LogIngest
import ParquetStore
public import SiteConfig

#if canImport(Glibc)
import Glibc
#endif

/// The nightly rollup (SPEC §9): reads log files, sessionises them, and publishes the days they
/// cover as a new store version, replacing those days and keeping the others.
public struct StoreIngest {
    /// What an ingest did.
    public struct Summary: Sendable {
        /// The published version, or `nil` when nothing changed (the same files were already ingested).
        public var version: String?
        /// The days written, `YYYY-MM-DD`.
        public var days: [String]
        public var visits: Int
        public var pageViews: Int
        public var hits: Int
        public var botHits: Int
        /// One report per file.
        public var reports: [FileReadReport]
        /// Visitor keys left out as likely robots (a visit passed `max_visit_page_views`), and their page views.
        public var robotLikeVisitors = 0
        public var robotLikePageViews = 0
    }

    public let store: Store
    public let configuration: SiteConfiguration
    public let catalog: SiteCatalog
    /// A hash of the config and its CSV files, written to the manifest.
    public let configHash: String

    public init(store: Store, configuration: SiteConfiguration, catalog: SiteCatalog, configHash: String) {
        self.store = store
        self.configuration = configuration
        self.catalog = catalog
        self.configHash = configHash
    }

    /// Runs the ingest of `files`.
    ///
    /// - Parameters:
    ///   - wait: wait for another ingest of the same store to finish (else refuse at once).
    ///   - onWait: called when waiting for another ingest.
    /// - Throws: ``StoreError``, ``LogIngestError`` or ``AnalyticsError``; the store is then unchanged.
    ///   - onVisit: sees each visit as it is written (for a summary printed afterwards).
    ///   - newFingerprintKey: replace the store's fingerprint key with a new one (a deliberate reset: returning
    ///     cookie-less visitors count as first-time once); without it a missing or garbled key is refused.
    ///   - onNote: told what the ingest repaired before it started (a version left by an interrupted ingest).
    ///   - rebuildFrom: the run replaces or adds days from this one on, while the store holds later days: the
    ///     history and member numbers are taken as they stood before it (``HistoryRebuild``), and every stored
    ///     day from it on must be in the run. Without it, a run whose first day comes before a stored day is
    ///     refused (the later days' first visits, recognised members and segments depend on it).
    public func run(
        _ files: [String], options: ReadOptions, wait: Bool = true, onWait: () -> Void = {},
        newFingerprintKey: Bool = false, rebuildFrom: SiteDay? = nil, onNote: (String) -> Void = { _ in },
        onVisit: (CompletedVisit) -> Void = { _ in }
    ) throws -> Summary {
        try StoreRecovery.requireWritable(store)
        try StoreFileSystem.makeDirectory(store.root)
        let lock = try StoreLock(root: store.root, wait: wait, onWait: onWait)
        defer { withExtendedLifetime(lock) {} }
        try StoreRecovery.removeLeftovers(of: store, onNote: onNote)
        try StoreFileSystem.makeDirectory(store.metadataFolder)

        let previous = try store.manifest()
        if let previous, previous.schemaVersion != StoreTable.schemaVersion {
            throw StoreError(
                path: store.root,
                message: "the store was written with schema version \(previous.schemaVersion); this footfall writes version \(StoreTable.schemaVersion)",
                hint: "Ingest the logs again into a new store folder")
        }
        // The sources' checksums read every byte of the input (~0.1 s for a busy day's gz, more when it is
        // not in the page cache). Only a stored day with the same file names and sizes can be the same
        // input: then they are read now, to skip an ingest that would change nothing; else on a thread of
        // their own while the run goes on, and the manifest waits for them. Either way a checksum covers
        // the file's bytes as of now, its size taken before the run: a log still being appended to is
        // recorded as no longer than what the run could have read (so its next ingest is not skipped).
        let sizes = try files.map { file throws(StoreError) -> Int64 in file == "-" ? 0 : try StoreFileSystem.size(of: file) }
        let checksums: @Sendable () throws(StoreError) -> [StoreManifest.Source] = { () throws(StoreError) in
            try zip(files, sizes).map { file, size throws(StoreError) -> StoreManifest.Source in
                if file == "-" { return StoreManifest.Source(file: "-", size: 0, crc32: "") }
                let crc = try StoreFileSystem.checksum(file, firstBytes: size)
                return StoreManifest.Source(file: (file as NSString).lastPathComponent, size: size, crc32: crc)
            }
        }
        var knownSources: [StoreManifest.Source]?
        if let previous, previous.configHash == configHash, !files.contains("-"), !previous.days.isEmpty {
            let names = files.map { ($0 as NSString).lastPathComponent }
            if previous.days.values.contains(where: { $0.sources.map(\.file) == names && $0.sources.map(\.size) == sizes }) {
                let sources = try checksums()
                knownSources = sources
                if previous.days.values.contains(where: { $0.sources == sources }) {
                    // The same files with the same config were already ingested: nothing would change, unless
                    // what was stored is damaged (then the ingest goes on and writes those days afresh).
                    let days = previous.days.filter { $0.value.sources == sources }.keys.sorted()
                    let damaged = Self.verifyDayFiles(of: previous, in: store.root, days: Set(days))
                    if days.allSatisfy({ damaged[$0] == nil }) {
                        return Summary(version: nil, days: days, visits: 0, pageViews: 0, hits: 0, botHits: 0, reports: [])
                    }
                    onNote("the days \(days.joined(separator: ", ")) were ingested from these files before, but their stored files are damaged: writing them afresh")
                }
            }
        }
        let checksumming = knownSources == nil ? BackgroundTask(name: "footfall-checksums") { try checksums() } : nil
        // The previous version's day files are checked whole against its manifest while the run goes on: a day
        // carried into the new version must be the one recorded, never a damaged or swapped file (issue 18.13).
        let root = store.root
        let verifying = previous.map { manifest in
            BackgroundTask(name: "footfall-verify") { Self.verifyDayFiles(of: manifest, in: root) }
        }

        let number = max(previous.flatMap { StoreRecovery.versionNumber($0.version) } ?? 0, StoreRecovery.highestVersionNumber(in: store)) + 1
        let version = StoreRecovery.versionName(number)
        let staging = store.metadataFolder + "/staging-\(version)-\(getpid())"
        var published = false
        defer { if !published { StoreFileSystem.remove(staging) } }
        try StoreFileSystem.makeDirectory(staging)
        for table in StoreTable.allCases { try StoreFileSystem.makeDirectory(staging + "/" + table.rawValue) }
        try StoreFileSystem.makeDirectory(staging + "/history")
        try StoreFileSystem.makeDirectory(staging + "/members")

        var storedHistory = try store.history(newFingerprintKey: newFingerprintKey)
        var storedMemberNumbers = try store.memberNumbers()
        if let rebuildFrom, let previous {
            let rebuild: HistoryRebuild
            do {
                rebuild = try HistoryRebuild(
                    store: store, manifest: previous, before: rebuildFrom, needing: storedHistory.numbersReaching(rebuildFrom))
            } catch {
                throw (error as? StoreError) ?? StoreError(path: store.root, message: "cannot read the stored visits before \(rebuildFrom) (\(error))")
            }
            storedHistory = storedHistory.rebuilt(rebuild)
            storedMemberNumbers = storedMemberNumbers.keeping(rebuild.memberNumbers)
        }
        let history = storedHistory
        let storedMembers = storedMemberNumbers
        let rollups = DayRollups(numbers: VisitorNumbers(stored: history), memberNumbers: MemberNumbers(stored: storedMembers))
        let writers = DayWriters(folder: staging)
        // Visits are numbered and rolled up on this thread, which also merges and sessionises; their rows are
        // written to Parquet on a thread of their own.
        let writing = BackgroundDayWriting(writers: writers)
        let result: SessionPipeline.Result
        do {
            result = try SessionPipeline(configuration: configuration, catalog: catalog, history: history, options: options)
                .run(files.map(LogInput.init(path:))) { visit in
                    try writing.add(rollups.add(visit))
                    onVisit(visit)
                }
        } catch {
            writing.stop()
            throw error
        }

        // Every visit is numbered: the next history and member numbers are written on threads of their own
        // while the writing thread finishes the day files.
        let (numbers, freshMembers, updates) = (rollups.numbers, rollups.memberNumbers.fresh, result.historyUpdates)
        let historyWriting = BackgroundTask(name: "footfall-history") {
            try Self.writeHistory(history, merging: updates, numbers: numbers, in: staging)
        }
        defer { _ = try? historyWriting.value() }  // never leave it writing into a staging folder being removed
        let membersWriting = BackgroundTask(name: "footfall-members") {
            try Self.writeMembers(storedMembers, adding: freshMembers, in: staging)
        }
        defer { _ = try? membersWriting.value() }

        // Every day of the run gets all its tables, even when it had hits but no page views. The writing thread
        // ends the day files (it owns the day writers until it ends) while this one writes the hit counts and
        // rollups.
        var days = Set(rollups.days)
        days.formUnion(result.dailyCounts.keys)
        guard !days.isEmpty else {
            // Nothing dated was read (empty files, only directives or malformed lines): no day to publish, and
            // a new version would change nothing (an ingest of the same files must be idempotent).
            writing.stop()
            return Summary(
                version: nil, days: [], visits: 0, pageViews: 0, hits: 0, botHits: 0, reports: result.reports,
                robotLikeVisitors: result.robotLikeVisitors, robotLikePageViews: result.robotLikePageViews)
        }
        do {
            try Self.checkDayOrder(runDays: days, stored: previous, rebuildFrom: rebuildFrom)
        } catch {
            writing.stop()
            throw error
        }
        let written: [SiteDay: (visits: Int, pageViews: Int)]
        do {
            try writing.close(ensuring: days.sorted())
            for day in days.sorted() {
                let counts = result.dailyCounts[day] ?? DailyHitCounts()
                try writeFile(
                    Store.file(.dailyHits, day: day.description, in: staging), schema: StoreTable.dailyHits.schema,
                    rowGroups: RowColumns.dailyHits(day, counts), makeFolder: true)
            }
            try rollups.write(days: days.sorted(), to: staging)
            written = try writing.waitUntilClosed()
        } catch {
            writing.stop()
            throw error
        }

        // From here on, every file-system call is a step of the publication (the crash tests stop at each).
        CrashPoints.startCounting()
        // Days not in this run stay: their files are the previous version's.
        var manifestDays: [String: StoreManifest.Day] = [:]
        let runDays = Set(days.map(\.description))
        var files: [String: StoreManifest.File] = [:]
        if let previous {
            let damaged = try verifying?.value() ?? [:]
            if let (day, error) = damaged.filter({ !runDays.contains($0.key) }).min(by: { $0.key < $1.key }) {
                let last = previous.days.keys.max() ?? day
                let how = day == last
                    ? "ingest its logs again (with the other days of this run)"
                    : "ingest its logs and those of every later day with --rebuild-from \(day)"
                throw StoreError(
                    path: error.path, message: error.message,
                    hint: "The stored day \(day) is damaged: \(how) so that it is written afresh, or restore the store from a backup; run footfall store check to list every damaged file. The store is unchanged")
            }
            for (day, entry) in previous.days where !runDays.contains(day) {
                for table in StoreTable.allCases {
                    let relative = Store.relativeFile(table, day: day)
                    // A day written before the table existed is carried without it (its readers fall back).
                    guard let file = previous.files?[relative] else { continue }
                    files[relative] = file
                }
                manifestDays[day] = entry
            }
        }
        let sources: [StoreManifest.Source]
        do {
            sources = try knownSources ?? checksumming!.value()
        } catch {
            throw (error as? StoreError) ?? StoreError(path: store.root, message: "\(error)")
        }
        var totals = (visits: 0, pageViews: 0, hits: 0, botHits: 0)
        for day in days {
            let counts = result.dailyCounts[day] ?? DailyHitCounts()
            let rows = written[day] ?? (0, 0)
            manifestDays[day.description] = StoreManifest.Day(
                sources: sources, visits: rows.visits, pageViews: rows.pageViews, hits: counts.hits, botHits: counts.botHits,
                writtenBy: version)
            totals.visits += rows.visits
            totals.pageViews += rows.pageViews
            totals.hits += counts.hits
            totals.botHits += counts.botHits
        }

        let visitorKeys = try historyWriting.value()
        try membersWriting.value()
        // The files this run wrote (each flushed when closed) go into their tables under unique names, with
        // their checksums read back from disk (they are in the page cache); then every table is committed, and
        // the store-level commit names their versions.
        var writtenFiles = [Store.historyFile, Store.memberNumbersFile]
        for day in days { writtenFiles += StoreTable.allCases.map { Store.relativeFile($0, day: day.description) } }
        let publication = StorePublication(store: store, version: version, staging: staging)
        files.merge(try publication.moveNewFiles(writtenFiles)) { _, new in new }
        let manifest = StoreManifest(
            schemaVersion: StoreTable.schemaVersion, version: version, configHash: configHash, days: manifestDays,
            visitorKeys: visitorKeys, files: files)
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        _ = try publication.commit(manifest, operation: "WRITE", nowMs: nowMs)
        published = true
        StoreFileSystem.remove(staging)
        StoreCleanup.run(store, retentionHours: configuration.retentionHours, nowMs: nowMs)

        return Summary(
            version: version, days: days.map(\.description).sorted(), visits: totals.visits, pageViews: totals.pageViews,
            hits: totals.hits, botHits: totals.botHits, reports: result.reports, robotLikeVisitors: result.robotLikeVisitors,
            robotLikePageViews: result.robotLikePageViews)
    }

    /// Refuses a run whose first day comes before a stored day (unless rebuilding from it, with every stored day
    /// from there on in the run): the later days' history-dependent fields would be left as they were.
    static func checkDayOrder(runDays: Set<SiteDay>, stored: StoreManifest?, rebuildFrom: SiteDay?) throws(StoreError) {
        guard let first = runDays.min(), let stored else { return }
        let storedDays = stored.days.keys.compactMap(SiteDay.init).sorted()
        if let rebuildFrom {
            guard rebuildFrom <= first else {
                throw StoreError(
                    path: "--rebuild-from \(rebuildFrom)", message: "the logs hold day \(first), before the day to rebuild from",
                    hint: "Run the ingest again with --rebuild-from \(first); the store is unchanged")
            }
            let missing = storedDays.filter { $0 >= rebuildFrom && !runDays.contains($0) }
            guard missing.isEmpty else {
                throw StoreError(
                    path: "--rebuild-from \(rebuildFrom)",
                    message: "the stored days \(Self.list(missing)) are not in the logs given, and their first visits, recognised members and segments depend on the days rebuilt",
                    hint: "Give the logs of every day from \(rebuildFrom) to \(storedDays.last!) (\(Self.list(missing)) missing); the store is unchanged")
            }
            return
        }
        guard let last = storedDays.last, first < last else { return }
        let later = storedDays.filter { $0 > first }
        throw StoreError(
            path: "day \(first)",
            message: "comes before the stored day(s) \(Self.list(later)), whose first visits, recognised members, segments and visitor numbers depend on it",
            hint: "Ingest the logs of \(first) and of every later day together, rebuilding from it: footfall ingest --rebuild-from \(first) --config … --store … LOGS-OF-\(first)-TO-\(last); the store is unchanged")
    }

    /// `a, b, c` (at most eight, then `…`).
    static func list(_ days: [SiteDay]) -> String {
        days.prefix(8).map(\.description).joined(separator: ", ") + (days.count > 8 ? ", …" : "")
    }

    /// Checks every day file of a version whole (size, CRC-32, footer) against its manifest; the first problem
    /// of each damaged day. A manifest from before checksums were kept has nothing to check against.
    private static func verifyDayFiles(of manifest: StoreManifest, in root: String, days only: Set<String>? = nil) -> [String: StoreError] {
        var damaged: [String: StoreError] = [:]
        guard let files = manifest.files else { return damaged }
        for day in manifest.days.keys.sorted() where only?.contains(day) ?? true {
            for table in StoreTable.allCases {
                let relative = Store.relativeFile(table, day: day)
                // A day written before the table existed lacks it (and its manifest does not list it).
                if StoreTable.addedLater.contains(table), files[relative] == nil { continue }
                do throws(StoreError) {
                    guard let expected = files[relative] else {
                        throw StoreFileChecks.damaged(root + "/" + relative, "is not listed in the store's commit")
                    }
                    try StoreFileChecks.verify(root + "/" + (expected.path ?? relative), against: expected, full: true)
                } catch {
                    damaged[day] = error
                    break
                }
            }
        }
        return damaged
    }

    /// Writes the next version's visitor history (the stored one merged with the run's updates, streamed in
    /// key order) and member numbers into the staging folder `staging`; returns the number of visitor keys.
    private static func writeHistory(
        _ history: StoredVisitorHistory, merging updates: VisitorHistoryUpdates, numbers: VisitorNumbers, in staging: String
    ) throws -> Int {
        let historyPath = staging + "/history/visitors.parquet"
        var numbers = numbers
        do {
            let writer = try ParquetFileWriter(path: historyPath, schema: StoreSchemas.history, options: StoreTable.writerOptions)
            let visitorKeys = try history.write(merging: updates, numbers: &numbers, to: writer)
            _ = try writer.close()
            return visitorKeys
        } catch {
            throw DayWriters.storeError(error, path: historyPath)
        }
    }

    private static func writeMembers(_ members: StoredMemberNumbers, adding freshMembers: [String: Int32], in staging: String) throws {
        let membersPath = staging + "/" + Store.memberNumbersFile
        do {
            let writer = try ParquetFileWriter(path: membersPath, schema: StoredMemberNumbers.schema, options: StoreTable.writerOptions)
            _ = try members.write(adding: freshMembers, to: writer)
            _ = try writer.close()
        } catch {
            throw DayWriters.storeError(error, path: membersPath)
        }
    }

    /// Writes a file of `rowGroups` (each ends a row group; bounds may split one further).
    private func writeFile(_ path: String, schema: ParquetSchema, rowGroups: [[ParquetColumnValues]], makeFolder: Bool) throws(StoreError) {
        if makeFolder { try StoreFileSystem.makeDirectory((path as NSString).deletingLastPathComponent) }
        do {
            let options = StoreTable.writerOptions
            let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
            for columns in rowGroups {
                try writer.append(columns)
                try writer.flush()
            }
            _ = try writer.close()
        } catch {
            throw DayWriters.storeError(error, path: path)
        }
    }
}
