public import LogIngest
public import SiteConfig

/// Reads a run's log files (one per web server), merges their page views by time and cuts them
/// into visits: the analytical core from files to ``CompletedVisit``s and daily hit counts.
///
/// Reading, inflating and turning hits into events happen on each file's threads (LogIngest's
/// ``MergedLogReader``); merging and sessionisation on the calling thread.
public struct SessionPipeline {
    /// What a run produced besides its visits.
    public struct Result: Sendable {
        /// One report per file, in input order.
        public var reports: [FileReadReport]
        /// Hit counts per site day, over all files.
        public var dailyCounts: [SiteDay: DailyHitCounts]
        /// What the run learnt per visitor key, to merge into the history.
        public var historyUpdates: [String: VisitorHistoryEntry]
        /// Page views that came later than the reorder window allowed.
        public var latePageViews: Int
        /// The most visits open at once.
        public var peakOpenVisits: Int
        /// The most page views waiting in the time merge at once.
        public var peakPendingPageViews: Int
        /// Distinct visitor keys.
        public var visitors: Int
    }

    public let configuration: SiteConfiguration
    public let catalog: SiteCatalog
    public let model: SiteModel
    private let options: ReadOptions
    private let history: any VisitorHistory

    /// Creates a pipeline; `format` (from `--format`) overrides the config's `log_format`.
    ///
    /// - Throws: ``AnalyticsError`` for an unknown time zone or too many goals or funnel steps.
    public init(
        configuration: SiteConfiguration, catalog: SiteCatalog, history: any VisitorHistory,
        options: ReadOptions
    ) throws(AnalyticsError) {
        self.configuration = configuration
        self.catalog = catalog
        self.history = history
        self.options = options
        model = try SiteModel(configuration: configuration, catalog: catalog)
        _ = try SiteClock(timezone: configuration.timezone)
    }

    /// Runs over `inputs`, calling `onVisit` with each finished visit, in the order visits close.
    ///
    /// - Throws: ``LogIngestError`` for a file that cannot be read or has too many bad lines;
    ///   any error `onVisit` throws.
    public func run(_ inputs: [LogInput], onVisit: (CompletedVisit) throws -> Void) throws -> Result {
        let clock = try SiteClock(timezone: configuration.timezone)
        let identity = VisitorIdentity(configuration: configuration, key: history.fingerprintKey)
        let channels = ChannelClassifier(configuration: configuration)
        let builders = inputs.indices.map { index in
            PageViewEventBuilder(
                model: model, channels: channels, identity: identity, clock: clock, configuration: configuration,
                fileIndex: index)
        }
        var pendingError: (any Error)?
        var finished: [CompletedVisit] = []
        let sessionizer = Sessionizer(
            model: model, catalog: catalog, timeout: configuration.visitTimeout, history: history
        ) { finished.append($0) }
        let reader = MergedLogReader(
            inputs: inputs, builders: builders, options: options, rules: configuration.hitRules,
            reorderWindow: Int64(configuration.reorderWindow))
        let reports = try reader.run { event in
            sessionizer.add(event)
            if !finished.isEmpty {
                for visit in finished where pendingError == nil {
                    do { try onVisit(visit) } catch { pendingError = error }
                }
                finished.removeAll(keepingCapacity: true)
                if let pendingError { throw pendingError }
            }
        }
        sessionizer.finish()
        for visit in finished { try onVisit(visit) }
        var daily: [SiteDay: DailyHitCounts] = [:]
        for builder in builders {
            for (day, counts) in builder.dailyCounts { daily[day, default: DailyHitCounts()].merge(counts) }
        }
        return Result(
            reports: reports, dailyCounts: daily, historyUpdates: sessionizer.historyUpdates,
            latePageViews: reader.lateEvents + sessionizer.outOfOrderPageViews, peakOpenVisits: sessionizer.peakOpenVisits,
            peakPendingPageViews: reader.peakPendingEvents,
            visitors: sessionizer.visitorCount)
    }
}
