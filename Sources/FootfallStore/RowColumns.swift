import LogAnalytics
import LogIngest
import ParquetStore

/// Rows turned into Parquet columns, a batch at a time.
enum RowColumns {
    static func quoted(_ text: String) -> String { JSONString.quote(text) }

    /// A JSON array of strings (written by hand: an encoder per row cost seconds on a busy day).
    static func json(_ values: [String]) -> String {
        if values.isEmpty { return "[]" }
        var text = "["
        text.reserveCapacity(values.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            text += quoted(value)
        }
        return text + "]"
    }

    /// A JSON object of integers, keys sorted by their UTF-8 bytes.
    static func json(_ values: [String: Int]) -> String {
        if values.isEmpty { return "{}" }
        var text = "{"
        for (index, key) in values.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { text += "," }
            text += quoted(key)
            text += ":"
            text += String(values[key]!)
        }
        return text + "}"
    }

    /// The `visits` columns of `rows`, in one pass: each row is read in place (borrowed), so only the
    /// fields taken are retained, not the whole row once per column.
    static func visits(_ rows: [VisitRow], visitorNumbers: [Int32], memberNumbers: [Int32?]) -> [ParquetColumnValues] {
        let count = rows.count
        func strings() -> [String?] { var column: [String?] = []; column.reserveCapacity(count); return column }
        func flags() -> [Bool?] { var column: [Bool?] = []; column.reserveCapacity(count); return column }
        func int32s() -> [Int32?] { var column: [Int32?] = []; column.reserveCapacity(count); return column }
        func int64s() -> [Int64?] { var column: [Int64?] = []; column.reserveCapacity(count); return column }
        var visitId = strings(), visitorKey = strings(), memberId = strings(), segment = strings(), grade = strings()
        var gender = strings(), entryPage = strings(), exitPage = strings(), device = strings(), browser = strings()
        var operatingSystem = strings(), channel = strings(), campaign = strings(), source = strings(), medium = strings()
        var searchEngine = strings(), keyword = strings(), referrerHost = strings(), goals = strings()
        var funnelSteps = strings(), path = strings()
        var isFingerprint = flags(), loggedIn = flags(), recognisedMember = flags(), firstVisit = flags(), bounce = flags()
        var birthYear = int32s(), siteOffset = int32s(), pageViews = int32s()
        var start = int64s(), end = int64s(), duration = int64s()
        rows.withUnsafeBufferPointer { rows in
            for index in rows.indices {
                visitId.append(rows[index].visitId)
                visitorKey.append(rows[index].visitorKey)
                isFingerprint.append(rows[index].isFingerprint)
                memberId.append(rows[index].memberId)
                loggedIn.append(rows[index].loggedIn)
                recognisedMember.append(rows[index].recognisedMember)
                segment.append(rows[index].segment.rawValue)
                firstVisit.append(rows[index].firstVisit)
                grade.append(rows[index].grade)
                gender.append(rows[index].gender)
                birthYear.append(rows[index].birthYear.map(Int32.init))
                start.append(rows[index].start * 1_000_000)
                end.append(rows[index].end * 1_000_000)
                siteOffset.append(rows[index].siteOffset)
                duration.append(rows[index].durationSeconds)
                pageViews.append(Int32(rows[index].pageViews))
                entryPage.append(rows[index].entryPage)
                exitPage.append(rows[index].exitPage)
                bounce.append(rows[index].bounce)
                device.append(rows[index].device.rawValue)
                browser.append(rows[index].browser)
                operatingSystem.append(rows[index].operatingSystem)
                channel.append(rows[index].channel.channel.rawValue)
                campaign.append(rows[index].channel.campaign)
                source.append(rows[index].channel.source)
                medium.append(rows[index].channel.medium)
                searchEngine.append(rows[index].channel.searchEngine)
                keyword.append(rows[index].channel.keyword)
                referrerHost.append(rows[index].channel.referrerHost)
                goals.append(json(rows[index].goals))
                funnelSteps.append(json(rows[index].funnelSteps))
                path.append(json(rows[index].path))
            }
        }
        return [
            .string(visitId), .string(visitorKey), .int32(visitorNumbers), .boolean(isFingerprint), .string(memberId),
            .int32(memberNumbers), .boolean(loggedIn), .boolean(recognisedMember), .string(segment), .boolean(firstVisit),
            .string(grade), .string(gender), .int32(birthYear), .int64(start), .int64(end), .int32(siteOffset),
            .int64(duration), .int32(pageViews), .string(entryPage), .string(exitPage), .boolean(bounce), .string(device),
            .string(browser), .string(operatingSystem), .string(channel), .string(campaign), .string(source),
            .string(medium), .string(searchEngine), .string(keyword), .string(referrerHost), .string(goals),
            .string(funnelSteps), .string(path),
        ]
    }

    /// The `pageviews` columns of `rows`, in one pass (rows borrowed, as for ``visits(_:visitorNumbers:memberNumbers:)``).
    static func pageviews(_ rows: [PageViewRow]) -> [ParquetColumnValues] {
        let count = rows.count
        func strings() -> [String?] { var column: [String?] = []; column.reserveCapacity(count); return column }
        func int32s() -> [Int32?] { var column: [Int32?] = []; column.reserveCapacity(count); return column }
        func int64s() -> [Int64?] { var column: [Int64?] = []; column.reserveCapacity(count); return column }
        var visitId = strings(), visitorKey = strings(), memberId = strings(), segment = strings(), page = strings()
        var path = strings(), query = strings(), content = strings(), productCategory = strings(), product = strings()
        var method = strings(), goals = strings(), device = strings(), client = strings()
        var sequence = int32s(), siteOffset = int32s(), status = int32s()
        var timestamp = int64s(), timeOnPage = int64s()
        var interestAction: [Double?] = []
        interestAction.reserveCapacity(count)
        rows.withUnsafeBufferPointer { rows in
            for index in rows.indices {
                visitId.append(rows[index].visitId)
                visitorKey.append(rows[index].visitorKey)
                memberId.append(rows[index].memberId)
                segment.append(rows[index].segment.rawValue)
                sequence.append(Int32(rows[index].sequence))
                timestamp.append(rows[index].timestamp * 1_000_000)
                siteOffset.append(rows[index].siteOffset)
                page.append(rows[index].page)
                path.append(rows[index].path)
                query.append(rows[index].query)
                content.append(rows[index].content)
                productCategory.append(rows[index].productCategory)
                product.append(rows[index].product)
                method.append(rows[index].method)
                status.append(Int32(rows[index].status))
                timeOnPage.append(rows[index].timeOnPage)
                goals.append(rows[index].goals.isEmpty ? "[]" : json(rows[index].goals))
                interestAction.append(rows[index].interestAction)
                device.append(rows[index].device.rawValue)
                client.append(rows[index].client)
            }
        }
        return [
            .string(visitId), .string(visitorKey), .string(memberId), .string(segment), .int32(sequence), .int64(timestamp),
            .int32(siteOffset), .string(page), .string(path), .string(query), .string(content), .string(productCategory),
            .string(product), .string(method), .int32(status), .int64(timeOnPage), .string(goals), .double(interestAction),
            .string(device), .string(client),
        ]
    }

    static func dailyHits(_ day: SiteDay, _ counts: DailyHitCounts) -> [ParquetColumnValues] {
        var kinds: [String] = ["hits", "bot_hits"]
        var keys: [String?] = [nil, nil]
        var values: [Int64] = [Int64(counts.hits), Int64(counts.botHits)]
        for (code, count) in counts.statuses.sorted(by: { $0.key < $1.key }) {
            kinds.append("status")
            keys.append(String(code))
            values.append(Int64(count))
        }
        for (campaign, count) in counts.emailOpens.sorted(by: { $0.key < $1.key }) {
            kinds.append("email_open")
            keys.append(campaign)
            values.append(Int64(count))
        }
        for (agent, count) in counts.botAgents.sorted(by: { $0.key < $1.key }) {
            kinds.append("bot_agent")
            keys.append(agent)
            values.append(Int64(count))
        }
        return [.string(kinds), .string(keys), .int64(values)]
    }
}
