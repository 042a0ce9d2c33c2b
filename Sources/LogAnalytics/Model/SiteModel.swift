import LogIngest
public import SiteConfig

/// The site config's meaning of URLs, compiled once: page rules (first match wins), goals and
/// funnels (SPEC §5, §7, §12.9, §12.13–14).
public struct SiteModel: Sendable {
    /// Goal names, in config order; bit *i* of a goal mask is goal *i*.
    public let goalNames: [String]
    /// Interest weight of each goal (`interest_weight`, else the default of its name).
    public let goalWeights: [Double]
    /// Funnels: name, step names (the globs as written), and the bit of their first step in a step mask.
    public let funnels: [(name: String, steps: [String], firstBit: Int)]

    let rules: [PageRule]
    let goals: [GoalRule]
    let funnelSteps: [PathGlob]
    let products: [String: ProductRecord]

    /// Most goals and funnel steps a model can hold (they are bits of a 64-bit mask).
    public static let maximumGoals = 64
    public static let maximumFunnelSteps = 64

    /// SPEC §7's default interest weights by goal name.
    public static let defaultGoalWeights: [String: Double] = ["premium_quote": 5, "consult_request": 10, "apply_complete": 20]

    /// Compiles the rules of `configuration` with the product catalogue of `catalog`.
    public init(configuration: SiteConfiguration, catalog: SiteCatalog) throws(AnalyticsError) {
        rules = configuration.pages
        goals = configuration.goals
        products = catalog.products
        guard goals.count <= Self.maximumGoals else {
            throw AnalyticsError("the config has \(goals.count) goals", hint: "At most \(Self.maximumGoals) are supported")
        }
        goalNames = goals.map(\.name)
        goalWeights = goals.map { $0.interestWeight ?? Self.defaultGoalWeights[$0.name] ?? 0 }
        var steps: [PathGlob] = []
        var funnels: [(String, [String], Int)] = []
        for funnel in configuration.funnels {
            funnels.append((funnel.name, funnel.steps.map(\.pattern), steps.count))
            steps.append(contentsOf: funnel.steps)
        }
        guard steps.count <= Self.maximumFunnelSteps else {
            throw AnalyticsError("the config's funnels have \(steps.count) steps in all", hint: "At most \(Self.maximumFunnelSteps) are supported")
        }
        self.funnels = funnels
        funnelSteps = steps
    }

    /// What depends on the path alone, computed once per distinct path.
    ///
    /// A class: a page view reads the facts of its path from the cache, and copying a struct of arrays
    /// and strings would retain each of them per page view.
    public final class PathFacts: Sendable {
        /// Indices of the page rules whose path glob matches, in order.
        let candidateRules: [Int]
        /// Goals whose glob matches, with the method each requires.
        let candidateGoals: [(index: Int, method: String?)]
        /// Funnel steps whose glob matches.
        public let funnelStepMask: UInt64
        /// The percent-decoded path: the page name of unmatched pages.
        public let decodedPath: String
        /// The raw path, made once per distinct path.
        public let rawPath: String

        init(candidateRules: [Int], candidateGoals: [(index: Int, method: String?)], funnelStepMask: UInt64, decodedPath: String, rawPath: String) {
            self.candidateRules = candidateRules
            self.candidateGoals = candidateGoals
            self.funnelStepMask = funnelStepMask
            self.decodedPath = decodedPath
            self.rawPath = rawPath
        }
    }

    /// Matches `path` (raw, without query) against every glob.
    public func facts(forPath path: UnsafeBufferPointer<UInt8>) -> PathFacts {
        var candidateRules: [Int] = []
        for (index, rule) in rules.enumerated() where rule.match.matches(path) { candidateRules.append(index) }
        var candidateGoals: [(Int, String?)] = []
        for (index, goal) in goals.enumerated() where goal.match.matches(path) { candidateGoals.append((index, goal.method)) }
        var mask: UInt64 = 0
        for (index, step) in funnelSteps.enumerated() where step.matches(path) { mask |= 1 << UInt64(index) }
        return PathFacts(candidateRules: candidateRules, candidateGoals: candidateGoals, funnelStepMask: mask, decodedPath: PercentDecoding.decode(path), rawPath: path.string)
    }

    /// Which page rule a page view takes, and the raw product code its rule reads from the query.
    struct PageChoice {
        /// Index of the first rule whose query conditions hold; `-1` when none does.
        var rule: Int
        /// The raw (percent-encoded), non-empty value of the rule's `product_from` parameter, if any.
        var productCode: UnsafeBufferPointer<UInt8>?
    }

    /// The page rule of a page view with `facts` and raw `query` (the first whose query conditions hold).
    func pageChoice(_ facts: PathFacts, query: UnsafeBufferPointer<UInt8>) -> PageChoice {
        // Rules and their conditions read in place: copying a rule per page view retains its strings.
        rules.withUnsafeBufferPointer { rules in
            for index in facts.candidateRules {
                let rule = rules.baseAddress! + index
                let holds = rule.pointee.query.withUnsafeBufferPointer { conditions in
                    for position in conditions.indices {
                        guard let value = QueryParameters.rawValue(named: conditions[position].name, in: query),
                            conditions[position].value.matches(value)
                        else { return false }
                    }
                    return true
                }
                guard holds else { continue }
                var code: UnsafeBufferPointer<UInt8>?
                if rule.pointee.product == nil, let parameter = rule.pointee.productFrom,
                    let raw = QueryParameters.rawValue(named: parameter, in: query), !raw.isEmpty
                {
                    code = raw
                }
                return PageChoice(rule: index, productCode: code)
            }
            return PageChoice(rule: -1, productCode: nil)
        }
    }

    /// The page of a page view with `facts` whose rule is `choice`.
    func pageInfo(_ facts: PathFacts, choice: PageChoice) -> PageInfo {
        guard choice.rule >= 0 else { return PageInfo(page: facts.decodedPath) }
        let rule = rules[choice.rule]
        var info = PageInfo(page: rule.page ?? facts.decodedPath, content: rule.content, productCategory: rule.productCategory, product: rule.product)
        if let raw = choice.productCode {
            let code = PercentDecoding.decode(raw, plusIsSpace: true)
            if let known = products[code] {
                info.product = known.name
                if info.productCategory == nil { info.productCategory = known.category }
            } else {
                info.product = code
            }
        }
        return info
    }

    /// The goals a page view with `facts` and `method` reaches, as a mask.
    public func goalMask(_ facts: PathFacts, method: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var mask: UInt64 = 0
        for (index, required) in facts.candidateGoals {
            if let required {
                var required = required
                let same = required.withUTF8 { method.bytesEqual($0) }
                guard same else { continue }
            }
            mask |= 1 << UInt64(index)
        }
        return mask
    }

    /// The interest `action` of a goal mask: the sum of the weights of its goals (SPEC §12.13).
    public func action(ofGoals mask: UInt64) -> Double {
        guard mask != 0 else { return 0 }
        var total = 0.0
        for index in 0..<goalWeights.count where mask & (1 << UInt64(index)) != 0 { total += goalWeights[index] }
        return total
    }

    /// The names of the goals in `mask`.
    public func goalNames(in mask: UInt64) -> [String] {
        guard mask != 0 else { return [] }
        return goalNames.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { goalNames[$0] }
    }

    /// Steps reached in each funnel by a visit whose page views have `stepMasks`, in time order:
    /// steps match greedily in order, other pages may come between (SPEC §7, §12.14).
    public func funnelProgress(_ stepMasks: [UInt64]) -> [Int] {
        funnels.map { funnel in
            var reached = 0
            for mask in stepMasks where reached < funnel.steps.count {
                if mask & (1 << UInt64(funnel.firstBit + reached)) != 0 { reached += 1 }
            }
            return reached
        }
    }
}
