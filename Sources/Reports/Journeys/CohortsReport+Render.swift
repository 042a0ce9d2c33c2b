import Foundation
import LogAnalytics

extension CohortsReport {
    var heading: String {
        let goalText = goal.map { " (\(L("goal")) \($0))" } ?? ""
        return "\(title("Cohorts")) — \(L(by == .week ? "by week" : "by month"))\(goalText)"
    }

    /// Column heads of the periods: `+0`, `+1`, …
    var periodLabels: [String] { (0..<periods).map { "+\($0)" } }

    public var tableText: String {
        let format = CellFormat.forPeople
        let rows = cohorts.map { cohort in
            [cohort.start.description, format.count(cohort.size)] + cohort.shares.map { format.optional($0) { format.percent($0) } }.map { $0 == "n/a" ? "" : $0 }
        }
        let table = TextTable(headers: [L("cohort"), L("size")] + periodLabels, rows: rows, rightAligned: Set(1..<(periods + 2)))
        return TextTable.sanitized(heading) + "\n" + L("Share of the cohort with a visit in each later period") + (goal == nil ? "" : " (" + L("reaching the goal") + ")")
            + "\n" + table.fitted(dropping: [])
    }

    /// A row per cohort: its start and size, the counts, then the shares.
    public var csvText: String {
        let format = CellFormat.csv
        let headers = ["cohort", "size"] + (0..<periods).map { "count \($0)" } + (0..<periods).map { "share \($0)" }
        let rows = cohorts.map { cohort in
            [cohort.start.description, format.count(cohort.size)] + cohort.counts.map { format.optional($0) { format.count($0) } }
                + cohort.shares.map { format.optional($0) { format.percent($0) } }
        }
        return CSVWriter.text(headers: format.headers(headers), rows: rows)
    }

    /// A heat-map triangle: a row per cohort, a cell per later period shaded by its share, empty where the period has
    /// not begun in the store.
    public var htmlText: String {
        let format = CellFormat.forPeople
        var page = HTMLPage(title: heading)
        var html = "<h2>\(HTMLPage.escape(L("Share of the cohort with a visit in each later period") + (goal == nil ? "" : " (" + L("reaching the goal") + ")")))</h2>"
        html += "<div class=\"scroll\"><table class=\"compact heat\"><thead><tr><th>\(HTMLPage.escape(L("cohort")))</th><th class=\"n\">\(HTMLPage.escape(L("size")))</th>"
        html += periodLabels.map { "<th class=\"n\">\($0)</th>" }.joined() + "</tr></thead><tbody>"
        for cohort in cohorts {
            html += "<tr><td>\(cohort.start)</td><td class=\"n\">\(HTMLPage.escape(format.count(cohort.size)))</td>"
            for (count, share) in zip(cohort.counts, cohort.shares) {
                guard let count, let share else {
                    html += "<td class=\"n\"></td>"
                    continue
                }
                let alpha = String(format: "%.2f", 0.08 + 0.8 * share)
                let ink = share > 0.5 ? "#fff" : "#111"
                html += "<td class=\"n\" style=\"background:rgba(37,99,235,\(alpha));color:\(ink)\" title=\"\(HTMLPage.escape(format.count(count)))\">"
                    + HTMLPage.escape(format.percent(share)) + "</td>"
            }
            html += "</tr>"
        }
        page.sections.append(html + "</tbody></table></div>")
        page.sections.append("<p class=\"note\">\(HTMLPage.escape(L("A cohort: the visitor keys whose first visit ever falls in its period (and in the range). Hover a cell for its count.")))</p>")
        return page.text
    }
}
