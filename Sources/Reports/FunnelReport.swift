import Foundation
public import FootfallStore
public import LogAnalytics
public import LogIngest
import ParquetStore

/// The `funnel NAME` report (SPEC §7, §10, §12.14): visits reaching each step, conversion from the
/// start and from the previous step, overall and per segment (all four listed).
public struct FunnelReport: Sendable {
    public struct Step: Sendable, Equatable {
        /// The step's glob as written in the config.
        public var name: String
        public var visits: Int
        public var conversionFromStart: Double
        public var conversionFromPrevious: Double
    }

    public var query: ReportQuery
    public var funnel: String
    public var steps: [Step]
    /// Visits reaching each step, per segment.
    public var bySegment: [(segment: Segment, visits: [Int])]
    /// The page name of each step (from the `[[pages]]` rules; `nil` where no rule names it): set by the caller,
    /// which holds the config (``pageNames(steps:rules:)``).
    public var pageNames: [String?] = []

    /// Computes the report for the funnel named `name`, whose steps are `stepNames`.
    public static func make(store: Store, query: ReportQuery, name: String, stepNames: [String]) throws -> FunnelReport {
        let visits = try VisitColumns.load(from: store, query: query, columns: ["funnel_steps", "segment"])
        var overall = [Int](repeating: 0, count: stepNames.count)
        var perSegment = Dictionary(uniqueKeysWithValues: Segment.allCases.map { ($0.rawValue, [Int](repeating: 0, count: stepNames.count)) })
        // Visits per (funnel text, segment) pair first; each distinct funnel text is parsed once.
        let segmentCount = visits.segment.dictionary.count + 1
        var pairs = [Int](repeating: 0, count: visits.funnelJSON.dictionary.count * segmentCount)
        for row in 0..<visits.count {
            let funnel = visits.funnelJSON.codes[row]
            guard funnel >= 0 else { continue }
            pairs[Int(funnel) * segmentCount + Int(visits.segment.codes[row]) + 1] += 1
        }
        let reachedSteps = visits.funnelJSON.decodedDictionary { JSONText.integerObject($0)[name] ?? 0 }
        for (index, count) in pairs.enumerated() where count > 0 {
            let reached = reachedSteps[index / segmentCount]
            let segmentCode = index % segmentCount - 1
            let segment = segmentCode < 0 ? nil : visits.segment.dictionary[segmentCode]
            for step in 0..<min(reached, stepNames.count) {
                overall[step] += count
                if let segment { perSegment[segment]?[step] += count }
            }
        }
        let steps = stepNames.enumerated().map { index, step in
            Step(
                name: step, visits: overall[index],
                conversionFromStart: index == 0 ? (overall[0] > 0 ? 1 : 0) : OverviewReport.ratio(overall[index], overall[0]),
                conversionFromPrevious: index == 0 ? (overall[0] > 0 ? 1 : 0) : OverviewReport.ratio(overall[index], overall[index - 1]))
        }
        return FunnelReport(
            query: query, funnel: name, steps: steps,
            bySegment: Segment.allCases.map { ($0, perSegment[$0.rawValue] ?? []) })
    }

    public var jsonValue: JSONValue {
        .object([
            ("report", .string("funnel")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("funnel", .string(funnel)),
            ("steps", .array(steps.enumerated().map { index, step in
                .object([("name", .string(step.name)), ("page", pageName(index).map(JSONValue.string) ?? .null), ("visits", .int(step.visits)),
                         ("conversion_from_start", .double(step.conversionFromStart)),
                         ("conversion_from_previous", .double(step.conversionFromPrevious))])
            })),
            ("by_segment", .object(bySegment.map { ($0.segment.rawValue, .array($0.visits.map(JSONValue.int))) })),
        ])
    }

    func pageName(_ step: Int) -> String? { step < pageNames.count ? pageNames[step] : nil }

    /// The page name of each step glob: the `[[pages]]` rule written with the same glob, else, for a step that
    /// is a plain path, the first rule that matches it (first match wins, as in ingest).
    public static func pageNames(steps: [String], rules: [(glob: PathGlob, page: String?)]) -> [String?] {
        steps.map { step in
            if let same = rules.first(where: { $0.glob.pattern == step }) { return same.page }
            guard !step.contains("*"), !step.contains("?") else { return nil }
            return rules.first { $0.glob.matches(step) }?.page
        }
    }

    func rows(_ format: CellFormat) -> [[String]] {
        steps.enumerated().map { index, step in
            [format.count(index + 1), pageName(index) ?? (format.people ? "–" : ""), step.name, format.count(step.visits),
             format.percent(step.conversionFromStart), format.percent(step.conversionFromPrevious)]
                + bySegment.map { format.count($0.visits[index]) }
        }
    }

    var headers: [String] { ["step", "page", "pattern", "visits", "from start", "from previous"] + bySegment.map(\.segment.rawValue) }

    var heading: String { title("Funnel") + " — " + funnel }

    /// The steps' table, then the visits by segment as a second table (so that neither passes 120 columns).
    public var tableText: String {
        let rows = rows(.forPeople)
        let steps = TextTable(headers: Array(headers.prefix(6)).map(L), rows: rows.map { Array($0.prefix(6)) }, rightAligned: [0, 3, 4, 5])
        let segments = TextTable(
            headers: ([headers[0], headers[1]] + headers.dropFirst(6)).map(L), rows: rows.map { [$0[0], $0[1]] + $0.dropFirst(6) },
            rightAligned: Set([0] + Array(2..<(headers.count - 4))))
        return TextTable.sanitized(heading) + "\n" + steps.fitted(dropping: [2]) + "\n\n" + L("Visits reaching each step by segment") + "\n" + segments.text
    }

    public var csvText: String {
        let format = CellFormat.csv
        return CSVWriter.text(headers: format.headers(headers), rows: rows(format))
    }

    public var htmlText: String {
        var page = HTMLPage(title: heading)
        page.sections.append(HTMLPage.barChart(
            steps.enumerated().map { (pageName($0.offset) ?? $0.element.name, Double($0.element.visits)) }, title: L("Visits reaching each step")))
        page.sections.append(HTMLPage.table(headers: headers.map(L), rows: rows(.forPeople), numericColumns: Set([0] + Array(3..<headers.count))))
        return page.text
    }
}
