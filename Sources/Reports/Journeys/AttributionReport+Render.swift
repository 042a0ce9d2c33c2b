import Foundation

extension AttributionReport {
    var heading: String { "\(title("Attribution")) — \(goal) (\(L("look-back")) \(lookbackDays)\(L(" days")))" }

    var modelLabels: [String] { Model.allCases.map(\.rawValue) }

    func keyFigures(_ format: CellFormat) -> [(label: String, value: String)] {
        [(L("conversions"), format.count(conversions)),
         (L("avg touchpoints"), format.optional(averageTouchpoints) { format.decimal($0) }),
         (L("lag median"), format.optional(lagMedianDays) { JourneySpan.text(seconds: $0 * 86_400, format) }),
         (L("lag p90"), format.optional(lagP90Days) { JourneySpan.text(seconds: $0 * 86_400, format) })]
    }

    func channelRows(_ format: CellFormat) -> [[String]] {
        channels.map { [format.label($0.channel), format.count($0.touchpoints)] + $0.credit.map { format.decimal($0) } }
    }

    func campaignCreditRows(_ format: CellFormat) -> [[String]] {
        campaigns.map { [$0.campaign, format.count($0.touchpoints)] + $0.credit.map { format.decimal($0) } }
    }

    func campaignCostRows(_ format: CellFormat) -> [[String]] {
        campaigns.map { row in
            [row.campaign, format.optional(row.cost) { format.money($0) }] + row.costPerConversion.map { format.optional($0) { format.money($0) } }
        }
    }

    public var tableText: String {
        let format = CellFormat.forPeople
        let models = modelLabels.map(L)
        let figures = keyFigures(format).map { "\($0.label): \($0.value)" }.joined(separator: "   ")
        let channelTable = TextTable(headers: [L("channel"), L("touchpoints")] + models, rows: channelRows(format), rightAligned: Set(1...6))
        let creditTable = TextTable(headers: [L("campaign"), L("touchpoints")] + models, rows: campaignCreditRows(format), rightAligned: Set(1...6))
        let costTable = TextTable(headers: [L("campaign"), L("cost")] + models, rows: campaignCostRows(format), rightAligned: Set(1...6))
        var text = TextTable.sanitized(heading) + "\n" + TextTable.sanitized(figures) + "\n\n"
            + L("Conversions credited by model and channel") + "\n" + channelTable.fitted(dropping: []) + "\n\n"
            + L("Conversions credited by model and campaign") + "\n" + creditTable.fitted(dropping: []) + "\n\n"
            + L("Cost per attributed conversion by model") + "\n" + costTable.fitted(dropping: [])
        if let costNote { text += "\n" + L("note") + ": " + costNote }
        return text
    }

    /// One table: a row per channel, then per campaign (`kind` tells which), credits and costs per model.
    public var csvText: String {
        let format = CellFormat.csv
        let models = modelLabels
        let headers = ["kind", "name", "touchpoints"] + models.map { "credit " + $0 } + ["cost"] + models.map { "cost per conversion " + $0 }
        let rows = channels.map { row in
            [format.label("channel"), format.label(row.channel), format.count(row.touchpoints)] + row.credit.map { format.decimal($0) }
                + [""] + models.map { _ in "" }
        } + campaigns.map { row in
            [format.label("campaign"), row.campaign, format.count(row.touchpoints)] + row.credit.map { format.decimal($0) }
                + [format.optional(row.cost) { format.money($0) }] + row.costPerConversion.map { format.optional($0) { format.money($0) } }
        }
        return CSVWriter.text(headers: format.headers(headers), rows: rows)
    }

    public var htmlText: String {
        let format = CellFormat.forPeople
        var page = HTMLPage(title: heading)
        page.sections.append(HTMLPage.keyFigures(keyFigures(format)))
        let models = modelLabels.map(L)
        page.sections.append("<h2>\(HTMLPage.escape(L("Conversions credited by model and channel")))</h2>")
        page.sections.append(HTMLPage.table(
            headers: [L("channel"), L("touchpoints")] + models, rows: channelRows(format), numericColumns: Set(1...6), compact: true,
            filters: [0: (name: "channel", values: channels.map(\.channel))]))
        page.sections.append(HTMLPage.barChart(
            channels.map { (L($0.channel), $0.credit[0]) }, title: L("Conversions credited by channel") + " (" + L("last_touch") + ")",
            format: { PeopleNumbers.decimal($0, places: 2) }))
        page.sections.append("<h2>\(HTMLPage.escape(L("Conversions credited by model and campaign")))</h2>")
        page.sections.append(HTMLPage.table(
            headers: [L("campaign"), L("touchpoints")] + models, rows: campaignCreditRows(format), numericColumns: Set(1...6), compact: true,
            filters: [0: (name: "campaign", values: campaigns.map(\.campaign))]))
        page.sections.append("<h2>\(HTMLPage.escape(L("Cost per attributed conversion by model")))</h2>")
        page.sections.append(HTMLPage.table(headers: [L("campaign"), L("cost")] + models, rows: campaignCostRows(format), numericColumns: Set(1...6)))
        if let costNote { page.sections.append("<p class=\"note\">\(HTMLPage.escape(costNote))</p>") }
        return page.text
    }
}
