import Foundation
public import FootfallStore
import LogAnalytics
import ParquetStore

/// The `hours` report (SPEC §8): page views by hour of the day × day of the week, in the site's time.
public struct HoursReport: Sendable {
    /// Weekday names, Monday first.
    public static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    public var query: ReportQuery
    /// `cells[weekday][hour]`: page views.
    public var cells: [[Int]]

    public static func make(store: Store, query: ReportQuery) throws -> HoursReport {
        var cells = [[Int]](repeating: [Int](repeating: 0, count: 24), count: 7)
        if !query.filtersVisits {
            // The `hour` rows of `daily_items`: a page view's partition day is its day in the site's time.
            let items = try DailyRollups.items(from: store, days: query.days, kinds: ["hour"])
            let kind = items.kind.existingCode(for: "hour")
            for row in 0..<items.count.count where items.kind.codes[row] == kind {
                guard let name = items.name[row], let hour = Int(name), (0..<24).contains(hour) else { continue }
                cells[items.day[row].weekday][hour] += Int(items.count[row])
            }
            return HoursReport(query: query, cells: cells)
        }
        let views = try PageViewColumns.load(from: store, query: query, columns: ["ts", "site_offset_s"])
        for row in 0..<views.count {
            let local = views.timestamp[row] / 1_000_000 + Int64(views.siteOffset[row])
            let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
            let hour = Int((local - days * 86_400) / 3600)
            let weekday = SiteDay(daysSinceEpoch: Int32(days)).weekday
            cells[weekday][hour] += 1
        }
        return HoursReport(query: query, cells: cells)
    }

    public var jsonValue: JSONValue {
        .object([
            ("report", .string("hours")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("page_views", .object(Self.weekdays.enumerated().map { ($0.element, .array(cells[$0.offset].map(JSONValue.int))) })),
        ])
    }

    /// The machine CSV: a row per weekday, a column per hour (as the JSON has them).
    var weekdayRows: [[String]] { Self.weekdays.enumerated().map { [$0.element] + cells[$0.offset].map(String.init) } }

    /// For people: a row per hour, a column per weekday and the hour's total (24 rows fit a phone and a terminal;
    /// 24 columns fit neither).
    var hourRows: [[String]] {
        (0..<24).map { hour in
            [Self.hourLabel(hour)] + (0..<7).map { PeopleNumbers.count(cells[$0][hour]) } + [PeopleNumbers.count((0..<7).reduce(0) { $0 + cells[$1][hour] })]
        }
    }

    static func hourLabel(_ hour: Int) -> String { hour < 10 ? "0\(hour):00" : "\(hour):00" }
    var hourHeaders: [String] { [L("hour")] + Self.weekdays.map(L) + [L("total")] }

    public var tableText: String {
        TextTable.sanitized(title("Page views by hour and weekday")) + "\n" + TextTable(headers: hourHeaders, rows: hourRows, rightAligned: Set(1...8)).text
    }

    public var csvText: String {
        guard ReportStyle.current.excel else {
            return CSVWriter.text(headers: ["weekday"] + (0..<24).map { String(format: "%02d", $0) }, rows: weekdayRows)
        }
        return CSVWriter.text(headers: hourHeaders, rows: hourRows)
    }

    public var htmlText: String {
        var page = HTMLPage(title: title("Hours"))
        let transposed = (0..<24).map { hour in (0..<7).map { cells[$0][hour] } }
        page.sections.append(HTMLPage.heatMap(rows: (0..<24).map { Self.hourLabel($0) }, columns: Self.weekdays.map(L), values: transposed, title: L("Page views by hour and weekday")))
        page.sections.append(HTMLPage.table(headers: hourHeaders, rows: hourRows, numericColumns: Set(1...8), compact: true))
        return page.text
    }
}
