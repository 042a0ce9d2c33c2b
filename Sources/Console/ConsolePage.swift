import Foundation
import LogAnalytics
import Reports
import SiteConfig

/// The console's frame around a report's page (SPEC §13): the navigation (the reports the user's role may see),
/// the filter bar (presets, range, comparison, every §8 filter) as a plain GET form that works without
/// JavaScript, the active filters as removable chips, and the downloads; the report's own page (the same HTML as
/// `footfall report --format html`) goes inside.
struct ConsolePage {
    var user: ConsoleUser
    /// The page's path without the query (`/reports/segments`).
    var path: String
    var report: String
    var query: ConsoleQuery
    /// The values the filter bar offers (campaigns of the store, genders of customers.csv, funnels of the config).
    var choices: FilterChoices
    var storeDays: ClosedRange<SiteDay>?

    struct FilterChoices: Sendable {
        var campaigns: [String] = []
        var genders: [String] = []
        var funnels: [String] = []
        /// The config's goals, conversion goals first (the attribution page's default is the first).
        var goals: [String] = []
    }

    /// The pages of each role, in the navigation's order.
    static func pages(for role: ConsoleRole) -> [String] {
        var pages = ["overview", "segments", "profile", "groups", "pages", "paths", "funnel", "campaigns", "referrers", "logins", "conversions", "attribution", "cohorts", "hours",
                     "audiences"]
        if role >= .consultant { pages += ["customer", "retention-watch"] }
        if role >= .admin { pages += ["status", "bots", "versions"] }
        return pages
    }

    /// The role a page needs.
    static func role(for page: String) -> ConsoleRole {
        switch page {
        case "customer", "retention-watch": .consultant
        case "status", "bots", "versions": .admin
        default: .viewer
        }
    }

    static let titles: [String: String] = [
        "overview": "Site overview", "segments": "Segments", "profile": "Profile", "groups": "Customer groups", "pages": "Pages", "paths": "Paths",
        "funnel": "Funnel", "campaigns": "Campaigns", "referrers": "Referrers", "logins": "Logins", "conversions": "Conversions", "hours": "Hours",
        "customer": "Customer", "retention-watch": "Retention watch", "status": "Status", "bots": "Bots", "versions": "Store versions",
        "audiences": "Audiences", "attribution": "Attribution", "cohorts": "Cohorts",
    ]

    static func href(_ path: String, _ query: ConsoleQuery) -> String {
        let text = query.queryString
        return text.isEmpty ? path : path + "?" + text
    }

    /// The state carried from page to page: the range, comparison, filters and language, not the argument.
    var carried: ConsoleQuery {
        ConsoleQuery.journeyOptions.reduce(query.setting("arg", nil)) { state, option in state.setting(option, nil) }
    }

    var navigation: String {
        var html = "<header class=\"top\"><a class=\"brand\" href=\"/\">footfall</a><nav>"
        for page in Self.pages(for: user.role) {
            let target = page == "overview" ? "/" : "/reports/" + page
            let current = page == report ? " aria-current=\"page\"" : ""
            let link = page == "versions" ? "/admin/versions" : page == "audiences" ? Self.href("/audiences", carried) : Self.href(target, carried)
            html += "<a href=\"\(HTMLPage.escape(link))\"\(current)>\(HTMLPage.escape(L(Self.titles[page] ?? page)))</a>"
        }
        html += "</nav><div class=\"who\">\(HTMLPage.escape(user.name)) (\(HTMLPage.escape(L(user.role.rawValue))))"
        let other = ReportStyle.current.language == .ko ? "en" : "ko"
        html += " · <a href=\"\(HTMLPage.escape(Self.href(path, query.setting("lang", other))))\" hreflang=\"\(other)\">\(other == "ko" ? "한국어" : "English")</a>"
        html += " · <form method=\"post\" action=\"/logout\" class=\"inline\"><button type=\"submit\">\(HTMLPage.escape(L("Log out")))</button></form></div></header>"
        return html
    }

    func select(_ name: String, _ options: [(value: String, label: String)], empty: String) -> String {
        let current = query[name] ?? ""
        var html = "<label>\(HTMLPage.escape(L(name)))<select name=\"\(name)\"><option value=\"\">\(HTMLPage.escape(empty))</option>"
        var listed = false
        for option in options {
            let selected = option.value == current
            listed = listed || selected
            html += "<option value=\"\(HTMLPage.escape(option.value))\"\(selected ? " selected" : "")>\(HTMLPage.escape(option.label))</option>"
        }
        if !current.isEmpty, !listed { html += "<option value=\"\(HTMLPage.escape(current))\" selected>\(HTMLPage.escape(current))</option>" }
        return html + "</select></label>"
    }

    var filterBar: String {
        let all = L("all")
        var html = "<form class=\"filters\" method=\"get\" action=\"\(HTMLPage.escape(path))\">"
        if let lang = query["lang"] { html += "<input type=\"hidden\" name=\"lang\" value=\"\(HTMLPage.escape(lang))\">" }
        if report == "funnel" {
            html += select("arg", choices.funnels.map { ($0, $0) }, empty: choices.funnels.first ?? "")
            html += select("window", [1, 3, 7, 14, 30].map { ("\($0)", "\($0)" + L(" days")) }, empty: L("within a visit"))
        } else if report == "attribution" {
            html += select("goal", choices.goals.dropFirst().map { ($0, $0) }, empty: choices.goals.first ?? "")
            html += select("lookback", [1, 7, 14, 60, 90].map { ("\($0)", "\($0)" + L(" days")) }, empty: "30" + L(" days"))
        } else if report == "cohorts" {
            html += select("by", [("month", L("by month"))], empty: L("by week"))
            html += select("goal", choices.goals.map { ($0, $0) }, empty: L("any visit"))
            html += select("periods", [4, 12, 26].map { ("\($0)", "\($0)") }, empty: "8")
        } else if report == "customer" {
            html += "<label>\(HTMLPage.escape(L("member number")))<input name=\"arg\" value=\"\(HTMLPage.escape(query["arg"] ?? ""))\" placeholder=\"M000123\" size=\"10\"></label>"
        }
        let presetLabels = ["yesterday": "last day", "7d": "last 7 days", "30d": "last 30 days", "this-month": "this month", "last-month": "last month"]
        html += select("preset", ConsoleQuery.presets.map { ($0, L(presetLabels[$0] ?? $0)) }, empty: L("custom"))
        let bounds = storeDays.map { " min=\"\($0.lowerBound)\" max=\"\($0.upperBound)\"" } ?? ""
        html += "<label>\(HTMLPage.escape(L("from date")))<input type=\"date\" name=\"from\" value=\"\(HTMLPage.escape(query["from"] ?? ""))\"\(bounds)></label>"
        html += "<label>\(HTMLPage.escape(L("to date")))<input type=\"date\" name=\"to\" value=\"\(HTMLPage.escape(query["to"] ?? ""))\"\(bounds)></label>"
        if ReportRequest.comparable.contains(report) {
            html += select("compare", [("previous", L("the previous period")), ("year", L("a year earlier"))], empty: L("no comparison"))
        }
        // An audience's criteria are its own (site.toml): only its range is chosen here.
        guard report != "audiences" else { return html + "<button type=\"submit\">\(HTMLPage.escape(L("Apply")))</button></form>" }
        html += select("segment", Segment.allCases.map { ($0.rawValue, L($0.rawValue)) }, empty: all)
        html += select("grade", CustomerRecord.Grade.allCases.map { ($0.rawValue, L($0.rawValue)) }, empty: all)
        html += select("gender", choices.genders.map { ($0, L($0)) }, empty: all)
        html += "<label>\(HTMLPage.escape(L("age")))<input name=\"age\" value=\"\(HTMLPage.escape(query["age"] ?? ""))\" placeholder=\"30-39\" size=\"6\"></label>"
        html += select("device", ["desktop", "mobile", "tablet"].map { ($0, L($0)) }, empty: all)
        html += select("channel", Channel.allCases.map { ($0.rawValue, L($0.rawValue)) }, empty: all)
        html += select("campaign", choices.campaigns.map { ($0, $0) }, empty: all)
        html += "<button type=\"submit\">\(HTMLPage.escape(L("Apply")))</button></form>"
        return html
    }

    /// The active filters (and the range and comparison), each with a link that removes it.
    var chips: String {
        let shown = ["preset", "from", "to"] + (report == "audiences" ? [] : ["compare"] + ConsoleQuery.filterNames + ConsoleQuery.journeyOptions)
        let active = shown.compactMap { name in query[name].map { (name, $0) } }
        guard !active.isEmpty else { return "" }
        var html = "<p class=\"chips\">"
        for (name, value) in active {
            let label = L(["from": "from date", "to": "to date"][name] ?? name) + ": " + (["segment", "grade", "device", "channel", "gender", "compare"].contains(name) ? L(value) : value)
            html += "<a class=\"chip\" href=\"\(HTMLPage.escape(Self.href(path, query.setting(name, nil))))\" title=\"\(HTMLPage.escape(L("remove")))\">"
                + "\(HTMLPage.escape(label)) ✕</a> "
        }
        return html + "</p>"
    }

    var downloads: String {
        // An audience's list downloads as `footfall audience NAME` writes it; the list of audiences has none.
        if report == "audiences", path == "/audiences" { return "" }
        let base = report == "audiences" ? path + "/download" : "/reports/" + report + "/download"  // the overview's page is `/`
        let formats = report == "audiences" ? [("CSV", "csv"), ("JSON", "json")] : [("CSV", "csv"), ("Excel CSV", "excel"), ("JSON", "json")]
        let links = formats.map { label, format in
            "<a href=\"\(HTMLPage.escape(Self.href(base, query.setting("format", format))))\" download>\(HTMLPage.escape(label))</a>"
        }
        return "<p class=\"downloads\">\(HTMLPage.escape(L("Download"))): " + links.joined(separator: " · ") + "</p>"
    }

    static let css = """
        header.top{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:baseline;border-bottom:1px solid #ddd;padding-bottom:6px;margin-bottom:8px}
        header.top .brand{font-weight:700;color:#111;text-decoration:none}header.top nav{display:flex;flex-wrap:wrap;gap:4px 10px}
        header.top nav a{color:#1d4ed8;text-decoration:none;font-size:.9rem}header.top nav a[aria-current]{font-weight:700;color:#111}
        header.top .who{font-size:.85rem;color:#555;margin-left:auto}form.inline{display:inline}form.inline button{font-size:.8rem}
        form.filters{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:flex-end;background:#f6f7f9;padding:8px;border-radius:6px}
        form.filters label{display:flex;flex-direction:column;font-size:.75rem;color:#555}form.filters select,form.filters input{font-size:.85rem;max-width:11rem}
        p.chips{margin:.5rem 0}a.chip{display:inline-block;background:#e0e7ff;color:#1e3a8a;border-radius:12px;padding:2px 9px;margin:2px;font-size:.8rem;text-decoration:none}
        p.downloads{font-size:.85rem}p.error{color:#b91c1c;font-weight:600}
        """

    /// The whole page: the report's document with the console's frame spliced in after `<body>`.
    func render(reportHTML: String) -> String {
        var html = reportHTML
        if let style = html.range(of: "</style>") { html.insert(contentsOf: Self.css, at: style.lowerBound) }
        let frame = navigation + filterBar + chips + downloads
        if let body = html.range(of: "<body>") { html.insert(contentsOf: "\n" + frame, at: body.upperBound) }
        return html
    }

    /// A page whose report could not be made: the frame and the message (what to change).
    func render(error message: String, title: String) -> String {
        var page = HTMLPage(title: title)
        page.sections.append("<p class=\"error\">\(HTMLPage.escape(message))</p>")
        return render(reportHTML: page.text)
    }
}
