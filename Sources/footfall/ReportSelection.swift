import ArgumentParser
import Foundation
import FootfallStore
import Reports
import SiteConfig

/// What a report is over: the report and its argument, the store (and the version read), the config, the range,
/// the visit filters and the journey options — shared by `footfall report` and `footfall sql`.
struct ReportSelection: ParsableArguments {
        @Argument(help: "The report: overview, segments, profile, groups, pages, paths, funnel, campaigns, referrers, logins, customer, conversions, retention-watch, bots, status, hours, attribution or cohorts.")
        var name: String

        @Argument(help: "The funnel's name for the funnel report (as in site.toml's [[funnels]]), or the member id for the customer report.")
        var funnelName: String?

        @Option(help: "The site config (the funnel report needs it for its steps, campaigns for campaigns.csv).")
        var config: String?

        @Option(help: "The store folder.")
        var store: String

        @Option(help: "First day (YYYY-MM-DD); the store's first day when omitted.")
        var from: String?

        @Option(help: "Last day (YYYY-MM-DD); the store's last day when omitted.")
        var to: String?

        @Option(help: "Segment filter: customer, member, anonymous_new, anonymous.")
        var segment: String?

        @Option(help: "Customer grade filter: vip, regular, churned, dormant, reactivated, prospect.")
        var grade: String?

        @Option(help: "Gender filter (as in customers.csv, e.g. M or F).")
        var gender: String?

        @Option(help: "Age filter, inclusive, e.g. 28-35 (age = the range end's year minus birth year).")
        var age: String?

        @Option(help: "Device filter: desktop, mobile, tablet.")
        var device: String?

        @Option(help: "Channel filter: campaign, search, social, referral, direct.")
        var channel: String?

        @Option(help: "Campaign filter (a campaign name).")
        var campaign: String?

        @Option(help: "funnel: follow attempts across visits for this many days (SPEC §14); 0, the default, is the funnel within a visit.")
        var window: Int?

        @Option(help: "attribution: the goal whose conversions are credited (required); cohorts: count keys reaching it instead of visiting.")
        var goal: String?

        @Option(help: "attribution: how many days before a conversion a visit counts as its touchpoint (default 30).")
        var lookback: Int?

        @Option(help: "cohorts: week (Monday–Sunday) or month.")
        var by: String?

        @Option(help: "cohorts: how many periods from the cohort's own (default 8, at most 64).")
        var periods: Int?

    @Option(help: "Read an earlier version of the store (footfall store versions lists them; e.g. 41 or v000041).")
    var asOf: String?

    /// The request the flags make.
    var request: ReportRequest {
        var request = ReportRequest(name: name, argument: funnelName)
        (request.from, request.to) = (from, to)
        (request.segment, request.grade, request.gender, request.age) = (segment, grade, gender, age)
        (request.device, request.channel, request.campaign) = (device, channel, campaign)
        (request.window, request.goal, request.lookback, request.by, request.periods) = (window, goal, lookback, by, periods)
        return request
    }

    /// A runner over one version of the store for the whole command (SPEC §9): the newest, or `--as-of`'s.
    func runner() throws -> ReportRunner {
        let configuration: SiteConfiguration?
        do { configuration = try config.map { try SiteConfiguration.load(path: $0) } } catch {
            throw CommandFailure(message: "\(error)", exitCode: 64)
        }
        let pinned: Store
        if let asOf {
            do { pinned = try Store(root: store).pinned(asOf: asOf) } catch { throw CommandFailure(message: "\(error)", exitCode: 64) }
        } else {
            pinned = Store(root: store).pinned()
        }
        return ReportRunner(store: pinned, configuration: configuration)
    }
}
