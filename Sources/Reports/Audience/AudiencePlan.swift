import Foundation
public import FootfallStore
public import LogAnalytics
public import LogIngest
public import SiteConfig

/// The criteria of an audience checked against the store and the config (SPEC §15, §12.21): each one known,
/// in SPEC §15's order (the order `--explain` applies them in).
public struct AudiencePlan: Sendable {
    /// What an interest criterion measures.
    public enum InterestTarget: Sendable, Hashable {
        /// A product, by the name page views carry (SPEC §12.9: interest is aggregated by product name).
        case product(String)
        /// A product category: its products' interest summed.
        case category(String)

        var name: String {
            switch self { case .product(let name), .category(let name): name }
        }
    }

    /// One checked criterion.
    public enum Criterion: Sendable, Hashable {
        case segment(Segment)
        case grade(String)
        case gender(String)
        case age(ClosedRange<Int>)
        case customerColumn(column: String, value: String)
        case visitedWithin(Int)
        case minVisits(Int)
        /// `minimum`: at least this score (as shown, to 6 decimals); `nil`: more than 0.
        case interest(InterestTarget, minimum: Double?)
        case reached(String)
        case notReached(String)
        /// The funnel's index in the config, the step (1-based), the window in days (`nil`: within visits).
        case dropped(funnel: String, steps: [PathGlob], step: Int, window: Int?)
        case campaign(String)
        case maturityWithin(Int)
    }

    /// A criterion with the flag and value it came from (for `criteria` in the JSON and `--explain`).
    public struct Entry: Sendable {
        public var flag: String
        public var text: String
        /// The key of the criterion's value in each row: the flag and its value (`interest:보험:3`,
        /// `reached:signup_complete`), so that two criteria never share a column.
        public var column: String { flag + ":" + text }
        public var criterion: Criterion
    }

    public var entries: [Entry] = []

    /// The flag names, in SPEC §15's order.
    public static let flags = [
        "segment", "grade", "gender", "age", "where", "visited-within", "min-visits", "interest", "reached", "not-reached", "dropped", "window",
        "campaign", "maturity-within",
    ]

    /// At most this many distinct goals and this many campaigns (a bit each in a visit's tally).
    public static let maximumGoalsOrCampaigns = 64

    /// Checks `criteria`; the catalog holds customers and products, `columns` customers.csv as written,
    /// `storeCampaigns` the campaigns of the store's visits (read by the caller only when `--campaign` is given).
    public static func check(
        _ criteria: AudienceCriteria, configuration: SiteConfiguration, catalog: SiteCatalog, columns: CustomerColumns?,
        storeCampaigns: Set<String>
    ) throws(ReportUsageError) -> AudiencePlan {
        var plan = AudiencePlan()
        /// Adds a criterion; one given twice (the same flag and value, or a product by name and by code) counts once.
        func add(_ flag: String, _ text: String, _ criterion: Criterion) {
            guard !plan.entries.contains(where: { $0.criterion == criterion }) else { return }
            plan.entries.append(Entry(flag: flag, text: text, criterion: criterion))
        }
        if let segment = criteria.segment {
            guard let value = Segment(rawValue: segment), value == .member || value == .customer else {
                throw ReportUsageError("--segment '\(segment)': an audience's members are of segment member or customer (of their last visit)"
                    + ReportFilterCheck.suggestion(segment, ["member", "customer"], synonyms: ["회원": "member", "고객": "customer"]))
            }
            add("segment", segment, .segment(value))
        }
        if let grade = criteria.grade {
            let known = CustomerRecord.Grade.allCases.map(\.rawValue)
            let mapped = CustomerRecord.Grade.allCases.first { $0.koreanName == grade }?.rawValue ?? grade
            try ReportFilterCheck.closed("--grade", mapped, known, synonyms: [:])
            add("grade", grade, .grade(mapped))
        }
        if let gender = criteria.gender {
            // customers.csv's genders are read upper-cased: `f`, `여` and `female` mean `F`.
            let synonyms = ["여": "F", "여자": "F", "여성": "F", "남": "M", "남자": "M", "남성": "M", "female": "F", "male": "M"]
            let mapped = synonyms[gender.lowercased()] ?? gender.uppercased()
            let known = Set(catalog.customers.values.compactMap(\.gender)).sorted()
            try ReportFilterCheck.open("--gender", mapped, known, what: "gender of customers.csv", synonyms: synonyms)
            add("gender", mapped, .gender(mapped))
        }
        if let age = criteria.age {
            guard let ages = ReportFilterCheck.parseAges(age) else { throw ReportUsageError("--age '\(age)' is not an age range such as 28-35, 60+ or 35") }
            add("age", age, .age(ages))
        }
        for condition in criteria.whereConditions {
            guard let equals = condition.firstIndex(of: "=") else {
                throw ReportUsageError("--where '\(condition)' is not COLUMN=VALUE (for example occupation=회사원 or insured=N)")
            }
            let column = condition[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = condition[condition.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard let columns else { throw ReportUsageError("--where needs customers.csv: name it in site.toml's [site] customers") }
            guard columns.header.contains(column) else {
                throw ReportUsageError("--where: customers.csv (\(columns.file)) has no column '\(column)'; its columns: \(columns.header.joined(separator: ", "))"
                    + ReportFilterCheck.suggestion(column, columns.header, synonyms: [:]))
            }
            let values = columns.distinctValues(of: column)
            if values[value] == nil {
                let known = values.keys.sorted().map { $0.isEmpty ? "(empty)" : $0 }
                try ReportFilterCheck.open("--where \(column)=", value, known, what: "value of customers.csv's column \(column)")
            }
            add("where", "\(column)=\(value)", .customerColumn(column: column, value: value))
        }
        if let days = criteria.visitedWithin {
            guard days >= 1 else { throw ReportUsageError("--visited-within \(days): give a number of days, at least 1") }
            add("visited-within", String(days), .visitedWithin(days))
        }
        if let count = criteria.minVisits {
            guard count >= 1 else { throw ReportUsageError("--min-visits \(count): give a number of visits, at least 1") }
            add("min-visits", String(count), .minVisits(count))
        }
        for text in criteria.interest {
            let (target, minimum) = try interestTarget(text, configuration: configuration, catalog: catalog)
            add("interest", text, .interest(target, minimum: minimum))
        }
        let goals = configuration.goals.map(\.name)
        for (flag, names) in [("reached", criteria.reached), ("not-reached", criteria.notReached)] {
            for goal in names {
                guard goals.contains(goal) else {
                    throw ReportUsageError("--\(flag) '\(goal)' is not a goal of the config; goals: \(goals.joined(separator: ", "))"
                        + ReportFilterCheck.suggestion(goal, goals, synonyms: [:]))
                }
                add(flag, goal, flag == "reached" ? .reached(goal) : .notReached(goal))
            }
        }
        if let dropped = criteria.dropped {
            add("dropped", dropped, try droppedCriterion(dropped, window: criteria.window, configuration: configuration))
        } else if criteria.window != nil {
            throw ReportUsageError("--window applies to --dropped FUNNEL:STEP (the days an attempt may take across visits)")
        }
        if !criteria.campaigns.isEmpty {
            let known = storeCampaigns.union(catalog.campaignCosts.keys).sorted()
            for campaign in criteria.campaigns {
                try ReportFilterCheck.open("--campaign", campaign, known, what: "campaign")
                add("campaign", campaign, .campaign(campaign))
            }
        }
        if let days = criteria.maturityWithin {
            guard days >= 1 else { throw ReportUsageError("--maturity-within \(days): give a number of days, at least 1") }
            add("maturity-within", String(days), .maturityWithin(days))
        }
        let goalsAsked = Set(plan.entries.compactMap { entry -> String? in
            switch entry.criterion { case .reached(let goal), .notReached(let goal): goal; default: nil }
        })
        let campaignsAsked = plan.entries.filter { if case .campaign = $0.criterion { true } else { false } }.count
        if goalsAsked.count > maximumGoalsOrCampaigns || campaignsAsked > maximumGoalsOrCampaigns {
            throw ReportUsageError("an audience takes at most \(maximumGoalsOrCampaigns) goals (--reached, --not-reached) and \(maximumGoalsOrCampaigns) campaigns; split it into several")
        }
        return plan
    }

    /// `NAME[:MIN]`: a product name, a product code or a category; MIN plain digits with an optional fraction.
    static func interestTarget(_ text: String, configuration: SiteConfiguration, catalog: SiteCatalog) throws(ReportUsageError) -> (InterestTarget, Double?) {
        var name = text, minimum: Double?
        if let colon = text.lastIndex(of: ":") {
            let tail = String(text[text.index(after: colon)...])
            guard let value = Double(tail), value.isFinite, value >= 0, tail.allSatisfy({ $0.isNumber || $0 == "." }) else {
                throw ReportUsageError("--interest '\(text)': the minimum after ':' must be a score such as 5 or 2.5")
            }
            name = String(text[..<colon])
            minimum = value
        }
        let products = Set(catalog.products.values.map(\.name)).union(configuration.pages.compactMap(\.product))
        let categories = Set(catalog.products.values.compactMap(\.category)).union(configuration.pages.compactMap(\.productCategory))
        if products.contains(name) { return (.product(name), minimum) }
        if let product = catalog.products[name] { return (.product(product.name), minimum) }
        if categories.contains(name) { return (.category(name), minimum) }
        let known = products.sorted() + categories.sorted()
        throw ReportUsageError(
            "--interest '\(name)' is not a product (name or code of products.csv) or a product category; categories: \(categories.sorted().joined(separator: ", ")); products: "
                + products.sorted().prefix(20).joined(separator: ", ") + (products.count > 20 ? ", …" : "")
                + ReportFilterCheck.suggestion(name, known + Array(catalog.products.keys), synonyms: [:]))
    }

    /// `FUNNEL:STEP`, the step a number (1-based), the step's glob as written or the name of the page it matches.
    static func droppedCriterion(_ text: String, window: Int?, configuration: SiteConfiguration) throws(ReportUsageError) -> Criterion {
        let funnels = configuration.funnels.map(\.name)
        guard let colon = text.firstIndex(of: ":") else {
            throw ReportUsageError("--dropped '\(text)' is not FUNNEL:STEP (for example \(funnels.first ?? "insurance_signup"):2); funnels: \(funnels.joined(separator: ", "))")
        }
        let name = String(text[..<colon]), stepText = String(text[text.index(after: colon)...])
        guard let funnel = configuration.funnels.first(where: { $0.name == name }) else {
            throw ReportUsageError("--dropped: no funnel '\(name)' in the config; funnels: \(funnels.joined(separator: ", "))"
                + ReportFilterCheck.suggestion(name, funnels, synonyms: [:]))
        }
        let globs = funnel.steps.map(\.pattern)
        let pages = FunnelReport.pageNames(steps: globs, rules: configuration.pages.map { ($0.match, $0.page) })
        let step: Int
        if let number = Int(stepText), (1...globs.count).contains(number) {
            step = number
        } else if let index = globs.firstIndex(of: stepText) ?? pages.firstIndex(where: { $0 == stepText }) {
            step = index + 1
        } else {
            let listed = globs.enumerated().map { "\($0.offset + 1) \($0.element)" + (pages[$0.offset].map { " (\($0))" } ?? "") }
            throw ReportUsageError("--dropped: funnel \(name) has no step '\(stepText)'; its steps: \(listed.joined(separator: ", "))"
                + ReportFilterCheck.suggestion(stepText, globs + pages.compactMap { $0 }, synonyms: [:]))
        }
        if let window, !(0...3_650).contains(window) { throw ReportUsageError("--window \(window): give 0 to 3650 days") }
        return .dropped(funnel: name, steps: funnel.steps, step: step, window: window == 0 ? nil : window)
    }
}
