import Foundation
import LogAnalytics

/// Time spans of journeys for people: `m:ss` under an hour, `h:mm:ss` under a day, else days with one decimal.
enum JourneySpan {
    static func text(seconds: Double, _ format: CellFormat) -> String {
        guard format.people else { return JSONValue.format(seconds) }
        if seconds < 86_400 { return PeopleNumbers.duration(seconds) }
        return PeopleNumbers.decimal(seconds / 86_400, places: 1) + L(" days")
    }
}

extension WindowedFunnelReport {
    var heading: String { "\(title("Funnel")) — \(funnel) (\(L("persons")), \(L("window")) \(windowDays)\(L(" days")))" }

    var headers: [String] {
        ["step", "page", "pattern", "persons", "from start", "from previous", "median time from previous", "p90 time from previous"]
            + bySegment.map(\.segment.rawValue) + byChannel.map(\.channel.rawValue) + ["dropped", "next pages after drop"]
    }

    func nextPagesText(_ drop: Drop, _ format: CellFormat) -> String {
        drop.nextPages.map { "\($0.page) (\(format.count($0.persons)))" }.joined(separator: format.people ? ", " : "; ")
    }

    func rows(_ format: CellFormat) -> [[String]] {
        steps.enumerated().map { index, step in
            [format.count(index + 1), pageName(index) ?? (format.people ? "–" : ""), step.name, format.count(step.persons),
             format.percent(step.conversionFromStart), format.percent(step.conversionFromPrevious),
             format.optional(step.medianSecondsFromPrevious) { JourneySpan.text(seconds: $0, format) },
             format.optional(step.p90SecondsFromPrevious) { JourneySpan.text(seconds: $0, format) }]
                + bySegment.map { format.count($0.persons[index]) } + byChannel.map { format.count($0.persons[index]) }
                + [format.count(drops[index].persons), nextPagesText(drops[index], format)]
        }
    }

    /// The steps, then persons by segment and by channel, then the pages after each drop: tables that each fit 120 columns.
    public var tableText: String {
        let rows = rows(.forPeople)
        let labels = headers.map(L)
        let segmentEnd = 8 + bySegment.count, channelEnd = segmentEnd + byChannel.count
        let stepTable = TextTable(headers: Array(labels.prefix(8)), rows: rows.map { Array($0.prefix(8)) }, rightAligned: [0, 3, 4, 5, 6, 7])
        let segments = TextTable(
            headers: [labels[0], labels[1]] + labels[8..<segmentEnd], rows: rows.map { [$0[0], $0[1]] + $0[8..<segmentEnd] },
            rightAligned: Set([0] + Array(2..<(2 + bySegment.count))))
        let channels = TextTable(
            headers: [labels[0], labels[1]] + labels[segmentEnd..<channelEnd], rows: rows.map { [$0[0], $0[1]] + $0[segmentEnd..<channelEnd] },
            rightAligned: Set([0] + Array(2..<(2 + byChannel.count))))
        let dropTable = TextTable(
            headers: [labels[0], labels[1], labels[channelEnd], labels[channelEnd + 1]],
            rows: rows.map { [$0[0], $0[1], $0[channelEnd], $0[channelEnd + 1]] }, rightAligned: [0, 2])
        return TextTable.sanitized(heading) + "\n" + stepTable.fitted(dropping: [2]) + "\n\n"
            + L("Persons reaching each step by segment of the attempt's first visit") + "\n" + segments.text + "\n\n"
            + L("Persons reaching each step by channel of the attempt's first visit") + "\n" + channels.text + "\n\n"
            + L("Next pages after a drop (same visit)") + "\n" + dropTable.fitted(dropping: [])
    }

    /// The steps' row, the pages after a drop in columns of their own (one value per cell): `next page 1`,
    /// `next page 1 persons`, … up to 5.
    public var csvText: String {
        let format = CellFormat.csv
        let nextHeads = (1...5).flatMap { ["next page \($0)", "next page \($0) persons"] }
        let rows = zip(rows(format), drops).map { row, drop in
            Array(row.dropLast()) + (0..<5).flatMap { index in
                index < drop.nextPages.count ? [drop.nextPages[index].page, format.count(drop.nextPages[index].persons)] : ["", ""]
            }
        }
        return CSVWriter.text(headers: format.headers(Array(headers.dropLast()) + nextHeads), rows: rows)
    }

    public var htmlText: String {
        var page = HTMLPage(title: heading)
        let format = CellFormat.forPeople
        page.sections.append(HTMLPage.barChart(
            steps.enumerated().map { (pageName($0.offset) ?? $0.element.name, Double($0.element.persons)) }, title: L("Persons reaching each step")))
        let times = steps.enumerated().dropFirst().map { index, step in
            (name: "\(index) → \(index + 1) " + (pageName(index) ?? step.name),
             value: format.optional(step.medianSecondsFromPrevious) { JourneySpan.text(seconds: $0, format) } + " / "
                + format.optional(step.p90SecondsFromPrevious) { JourneySpan.text(seconds: $0, format) })
        }
        page.sections.append(HTMLPage.rankings(title: L("Time to convert (median / p90)"), lists: [(title: L("From the previous step"), items: times)]))
        let rows = rows(format)
        page.sections.append(HTMLPage.table(headers: Array(headers.prefix(8)).map(L), rows: rows.map { Array($0.prefix(8)) }, numericColumns: [0, 3, 4, 5, 6, 7]))
        let segmentEnd = 8 + bySegment.count, channelEnd = segmentEnd + byChannel.count
        page.sections.append("<h2>\(HTMLPage.escape(L("Persons reaching each step by segment of the attempt's first visit")))</h2>")
        page.sections.append(HTMLPage.table(
            headers: [headers[0], headers[1]].map(L) + bySegment.map { L($0.segment.rawValue) }, rows: rows.map { [$0[0], $0[1]] + $0[8..<segmentEnd] },
            numericColumns: Set([0] + Array(2..<(2 + bySegment.count))), compact: true))
        page.sections.append("<h2>\(HTMLPage.escape(L("Persons reaching each step by channel of the attempt's first visit")))</h2>")
        page.sections.append(HTMLPage.table(
            headers: [headers[0], headers[1]].map(L) + byChannel.map { L($0.channel.rawValue) }, rows: rows.map { [$0[0], $0[1]] + $0[segmentEnd..<channelEnd] },
            numericColumns: Set([0] + Array(2..<(2 + byChannel.count))), compact: true))
        page.sections.append(HTMLPage.rankings(
            title: L("Next pages after a drop (same visit)"),
            lists: zip(steps.indices, drops).dropLast().map { index, drop in
                (title: "\(index + 1). " + (pageName(index) ?? steps[index].name) + " — " + L("dropped") + " " + format.count(drop.persons),
                 items: drop.nextPages.map { (name: $0.page, value: format.count($0.persons)) })
            }))
        return page.text
    }
}
