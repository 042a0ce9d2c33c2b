import Foundation
import FootfallStore
import LogIngest
import SiteConfig
import Testing
import TestScratch

/// Stores of journeys written as log lines in a test (site time +09:00, `combined_cookie`), with the goal `apply`
/// (/apply/done.do) and the funnel `buy` (/p.do → /q.do → /apply/done.do).
enum JourneyFixture {
    /// A log line: `date` as `01/Nov/2026`, `time` as `10:00:00`; cookies WNUID=`key` and WNMID=`member`.
    static func line(_ date: String, _ time: String, _ path: String, key: String, member: String? = nil, referrer: String = "-") -> String {
        let cookies = "WNUID=\(key)" + (member.map { "; WNMID=\($0)" } ?? "")
        return "10.2.0.\(key.count) - - [\(date):\(time) +0900] \"GET \(path) HTTP/1.1\" 200 100 \"\(referrer)\" "
            + "\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0 Safari/537.36\" \"\(cookies)\""
    }

    static let toml = """
        [site]
        timezone = "+09:00"
        log_format = "combined_cookie"
        customers = "customers.csv"
        campaign_costs = "campaigns.csv"
        [[goals]]
        name = "apply"
        match = "/apply/done.do"
        [[funnels]]
        name = "buy"
        steps = ["/p.do", "/q.do", "/apply/done.do"]
        """

    /// Ingests `lines` (in any order) into a store of its own.
    static func store(named name: String, lines: [String], customers: String, campaigns: String = "campaign,medium,cost,sent,start,end\n")
        -> (store: Store, config: SiteConfiguration)
    {
        let folder = TestScratch.path(name)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let log = folder + "/journeys.log"
        try? (lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        try? customers.write(toFile: folder + "/customers.csv", atomically: true, encoding: .utf8)
        try? campaigns.write(toFile: folder + "/campaigns.csv", atomically: true, encoding: .utf8)
        try? toml.write(toFile: folder + "/site.toml", atomically: true, encoding: .utf8)
        do {
            let config = try SiteConfiguration.load(path: folder + "/site.toml")
            let job = StoreIngest(store: Store(root: folder + "/store"), configuration: config, catalog: try SiteCatalog.load(for: config), configHash: name)
            _ = try job.run([log], options: config.readOptions())
            return (Store(root: folder + "/store"), config)
        } catch {
            Issue.record("cannot build the store \(name): \(error)")
            return (Store(root: folder + "/store"), SiteConfiguration())
        }
    }
}
