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
        public var historyUpdates: VisitorHistoryUpdates
        /// Page views that came later than the reorder window allowed.
        public var latePageViews: Int
        /// The most visits open at once.
        public var peakOpenVisits: Int
        /// The most page views waiting in the time merge at once.
        public var peakPendingPageViews: Int
        /// The most files read at once (files are opened as the merge reaches their first timestamp).
        public var peakOpenFiles: Int = 0
        /// Distinct visitor keys.
        public var visitors: Int
        /// Visitor keys dropped as likely robots (a visit passed `max_visit_page_views`), and their page views.
        public var robotLikeVisitors: Int = 0
        public var robotLikePageViews: Int = 0
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
        let reader = MergedLogReader(
            inputs: inputs, builders: builders, options: options, rules: configuration.hitRules,
            reorderWindow: Int64(configuration.reorderWindow))
        let (reports, finished) = try withoutActuallyEscaping(onVisit) { onVisit in
            // Visits go straight to the consumer; the first error it throws stops the run.
            var failure: (any Error)?
            let sessionizer = Sessionizer(
                model: model, catalog: catalog, timeout: configuration.visitTimeout,
                maxVisitPageViews: configuration.maxVisitPageViews, history: history,
                vocabularies: builders.map(\.vocabulary)
            ) { visit in
                guard failure == nil else { return }
                do { try onVisit(visit) } catch { failure = error }
            }
            let reports = try reader.run(upcoming: { sessionizer.prefetch($0) }) { event in
                sessionizer.add(event)
                if let failure { throw failure }
            }
            sessionizer.finish()
            if let failure { throw failure }
            // Nothing that holds `onVisit` may leave this block: take the sessionizer's figures out.
            return (
                reports,
                (
                    sessionizer.historyUpdates, sessionizer.outOfOrderPageViews, sessionizer.peakOpenVisits, sessionizer.visitorCount,
                    sessionizer.robotLikeVisitors, sessionizer.robotLikePageViews
                ))
        }
        var daily: [SiteDay: DailyHitCounts] = [:]
        for builder in builders {
            for (day, counts) in builder.dailyCounts { daily[day, default: DailyHitCounts()].merge(counts) }
        }
        return Result(
            reports: reports, dailyCounts: daily, historyUpdates: finished.0,
            latePageViews: reader.lateEvents + finished.1, peakOpenVisits: finished.2,
            peakPendingPageViews: reader.peakPendingEvents, peakOpenFiles: reader.peakOpenFiles,
            visitors: finished.3, robotLikeVisitors: finished.4, robotLikePageViews: finished.5)
    }
}

