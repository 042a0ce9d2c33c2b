public import LogAnalytics

/// The comparison of SPEC §12.22: a report beside the same report over an earlier range.
///
/// `--compare previous` is the same number of days just before `--from`; `--compare year` the same dates a year
/// earlier (29 February falls on 28 February). The JSON gains `comparison` (the earlier report's object, `null`
/// when the store has none of its days) and, beside each headline figure, its change: `change` objects of
/// `{absolute, relative}` (relative `null` when the earlier value is 0) — in `totals`, at the top level for the
/// top-level figures, and in each element of the report's lists, matched with the earlier element of the same
/// name (segment, campaign, page, engine, network, host, grade, step).
public enum ComparisonPeriod: String, Sendable, CaseIterable {
    case previous, year

    /// The earlier range for `from … to`.
    public func range(from: SiteDay, to: SiteDay) -> ClosedRange<SiteDay> {
        switch self {
        case .previous:
            let length = Int(to.daysSinceEpoch - from.daysSinceEpoch) + 1
            return from.adding(days: -length)...from.adding(days: -1)
        case .year:
            return Self.yearEarlier(from)...Self.yearEarlier(to)
        }
    }

    static func yearEarlier(_ day: SiteDay) -> SiteDay {
        let (year, month, dayOfMonth) = day.components
        let text = Padded.digits(year - 1, 4) + "-" + Padded.digits(month, 2) + "-" + Padded.digits(min(dayOfMonth, month == 2 ? 28 : 31), 2)
        return SiteDay(text) ?? day.adding(days: -365)
    }
}

/// Adds the `change` objects of SPEC §12.22 to a report's JSON, from the earlier report's.
public enum ReportChange {
    /// `current` with `comparison` (the earlier object, or `null`) and the changes.
    public static func annotate(_ current: JSONValue, earlier: JSONValue?, period: ComparisonPeriod, range: ClosedRange<SiteDay>) -> JSONValue {
        guard case .object(var pairs) = current else { return current }
        if let earlier, case .object(let before) = earlier {
            let old = Dictionary(before, uniquingKeysWith: { first, _ in first })
            var topChanges: [(String, JSONValue)] = []
            for index in pairs.indices {
                let (key, value) = pairs[index]
                switch value {
                case .int, .double:
                    if let change = change(value, old[key]), !["from", "to"].contains(key) { topChanges.append((key, change)) }
                case .object(let fields) where key == "totals":
                    pairs[index].1 = .object(fields + [("change", changes(fields, old[key]))])
                case .array(let items):
                    pairs[index].1 = .array(items.map { item in annotateItem(item, earlier: old[key]) })
                default:
                    break
                }
            }
            if !topChanges.isEmpty { pairs.append(("change", .object(topChanges))) }
        }
        pairs.append(("comparison", earlier ?? .null))
        pairs.append(("comparison_period", .object([
            ("compare", .string(period.rawValue)), ("from", .string(range.lowerBound.description)), ("to", .string(range.upperBound.description)),
        ])))
        return .object(pairs)
    }

    /// An element of a list with its `change`, matched by its name (its first string field) in the earlier list.
    static func annotateItem(_ item: JSONValue, earlier list: JSONValue?) -> JSONValue {
        guard case .object(let fields) = item, let identity = name(of: fields) else { return item }
        var previous: JSONValue?
        if case .array(let others)? = list {
            previous = others.first { other in
                if case .object(let otherFields) = other { return name(of: otherFields) == identity }
                return false
            }
        }
        guard case .object(let before)? = previous else { return .object(fields + [("change", .null)]) }
        return .object(fields + [("change", changes(fields, .object(before)))])
    }

    /// The first string field of an object: its name in its list (`segment`, `campaign`, `page`, …).
    static func name(of fields: [(String, JSONValue)]) -> String? {
        for (key, value) in fields { if case .string(let text) = value { return key + "=" + text } }
        return nil
    }

    /// `{figure: {absolute, relative}}` for every number of `fields` present in `earlier`.
    static func changes(_ fields: [(String, JSONValue)], _ earlier: JSONValue?) -> JSONValue {
        guard case .object(let before)? = earlier else { return .null }
        let old = Dictionary(before, uniquingKeysWith: { first, _ in first })
        return .object(fields.compactMap { key, value in change(value, old[key]).map { (key, $0) } })
    }

    /// `{absolute, relative}` between two numbers.
    static func change(_ now: JSONValue, _ before: JSONValue?) -> JSONValue? {
        guard let current = number(now), let previous = before.flatMap(number) else { return nil }
        let absolute: JSONValue
        if case .int(let a) = now, case .int(let b)? = before { absolute = .int(a - b) } else { absolute = .double(current - previous) }
        return .object([("absolute", absolute), ("relative", previous == 0 ? .null : .double((current - previous) / abs(previous)))])
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let v): Double(v)
        case .double(let v): v
        default: nil
        }
    }

    /// The headline changes for people: (figure, now, before, relative change), from an annotated report's
    /// `totals` or top-level numbers, else its first list's first numeric field per element (up to `limit`).
    public static func headlines(_ annotated: JSONValue, limit: Int = 10) -> [(name: String, now: Double, before: Double?, relative: Double?)] {
        guard case .object(let pairs) = annotated else { return [] }
        let top = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        var rows: [(String, Double, Double?, Double?)] = []
        func add(_ label: String, _ value: JSONValue, _ change: JSONValue?) {
            guard let now = number(value) else { return }
            var before: Double?, relative: Double?
            if case .object(let c)? = change {
                let d = Dictionary(c, uniquingKeysWith: { a, _ in a })
                if let absolute = d["absolute"].flatMap(number) { before = now - absolute }
                relative = d["relative"].flatMap(number)
            }
            rows.append((label, now, before, relative))
        }
        if case .object(let totals)? = top["totals"] {
            let changes: [String: JSONValue]
            if case .object(let c)? = Dictionary(totals, uniquingKeysWith: { a, _ in a })["change"] {
                changes = Dictionary(c, uniquingKeysWith: { a, _ in a })
            } else {
                changes = [:]
            }
            for (key, value) in totals where key != "change" { add(key, value, changes[key]) }
            return rows
        }
        if case .object(let c)? = top["change"] {
            let changes = Dictionary(c, uniquingKeysWith: { a, _ in a })
            for (key, value) in pairs where changes[key] != nil { add(key, value, changes[key]) }
            if !rows.isEmpty { return rows }
        }
        for (_, value) in pairs {
            guard case .array(let items) = value, !items.isEmpty else { continue }
            for item in items.prefix(limit) {
                guard case .object(let fields) = item, let label = name(of: fields) else { continue }
                let dictionary = Dictionary(fields, uniquingKeysWith: { a, _ in a })
                guard let (key, number) = fields.first(where: { Self.number($0.1) != nil }) else { continue }
                var change: JSONValue?
                if case .object(let c)? = dictionary["change"] { change = Dictionary(c, uniquingKeysWith: { a, _ in a })[key] }
                add(String(label.drop { $0 != "=" }.dropFirst()) + " · " + key, number, change)
            }
            return rows
        }
        return rows
    }
}

/// Zero-padded decimals for day keys.
enum Padded {
    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
