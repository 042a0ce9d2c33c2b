import Foundation
public import FootfallStore
public import LogAnalytics
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
            ("steps", .array(steps.map {
                .object([("name", .string($0.name)), ("visits", .int($0.visits)),
                         ("conversion_from_start", .double($0.conversionFromStart)),
                         ("conversion_from_previous", .double($0.conversionFromPrevious))])
            })),
            ("by_segment", .object(bySegment.map { ($0.segment.rawValue, .array($0.visits.map(JSONValue.int))) })),
        ])
    }

    var rows: [[String]] {
        steps.enumerated().map { index, step in
            [String(index + 1), step.name, String(step.visits), JSONValue.format((step.conversionFromStart * 1000).rounded() / 1000),
             JSONValue.format((step.conversionFromPrevious * 1000).rounded() / 1000)]
                + bySegment.map { String($0.visits[index]) }
        }
    }

    var headers: [String] { ["step", "name", "visits", "from start", "from previous"] + bySegment.map(\.segment.rawValue) }

    public var tableText: String {
        "funnel \(TextTable.sanitized(funnel)) \(query.from) – \(query.to)\n"
            + TextTable(headers: headers, rows: rows, rightAligned: Set([0] + Array(2..<headers.count))).text
    }

    public var csvText: String { CSVWriter.text(headers: headers.map { String($0.map { $0 == " " ? "_" : $0 }) }, rows: rows) }

    public var htmlText: String {
        var page = HTMLPage(title: "Funnel \(funnel) \(query.from) – \(query.to)")
        page.sections.append(HTMLPage.barChart(steps.map { ($0.name, Double($0.visits)) }, title: "Visits reaching each step"))
        page.sections.append(HTMLPage.table(headers: headers, rows: rows, numericColumns: Set([0] + Array(2..<headers.count))))
        return page.text
    }
}
