/// One row of the customer master, `customers.csv` (SPEC §3).
public struct CustomerRecord: Sendable, Hashable {
    /// Customer grades, with the case study's Korean names.
    public enum Grade: String, Sendable, CaseIterable {
        case vip, regular, churned, dormant, reactivated, prospect

        /// The Korean label (우수, 일반, 이탈, 휴면, 재활성화, 가망).
        public var koreanName: String {
            switch self {
            case .vip: "우수"
            case .regular: "일반"
            case .churned: "이탈"
            case .dormant: "휴면"
            case .reactivated: "재활성화"
            case .prospect: "가망"
            }
        }
    }

    public var memberId: String
    public var grade: Grade
    /// `insured` is `Y` (trimmed, case-insensitive).
    public var insured: Bool
    public var birthYear: Int?
    public var gender: String?
    public var occupation: String?
    public var children: Int?
    /// ISO dates as written (`YYYY-MM-DD`), or `nil` when empty.
    public var joined: String?
    public var firstContract: String?
    public var maturityDate: String?

    public init(
        memberId: String, grade: Grade, insured: Bool, birthYear: Int? = nil, gender: String? = nil,
        occupation: String? = nil, children: Int? = nil, joined: String? = nil, firstContract: String? = nil,
        maturityDate: String? = nil
    ) {
        self.memberId = memberId
        self.grade = grade
        self.insured = insured
        self.birthYear = birthYear
        self.gender = gender
        self.occupation = occupation
        self.children = children
        self.joined = joined
        self.firstContract = firstContract
        self.maturityDate = maturityDate
    }
}

/// A product of `products.csv` (`code, name, category`).
public struct ProductRecord: Sendable, Hashable {
    public var code: String
    public var name: String
    public var category: String?

    public init(code: String, name: String, category: String?) {
        self.code = code
        self.name = name
        self.category = category
    }
}

/// A row of `campaigns.csv` (`campaign, medium, cost, sent`).
public struct CampaignCostRecord: Sendable, Hashable {
    public var campaign: String
    public var medium: String?
    public var cost: Double?
    public var sent: Int?
    /// The first and last day the campaign runs (`YYYY-MM-DD`, inclusive): its cost is spread evenly over
    /// them (SPEC §12.18). Without them, over the days from its first to its last visit in the store.
    public var start: String?
    public var end: String?

    public init(campaign: String, medium: String?, cost: Double?, sent: Int?, start: String? = nil, end: String? = nil) {
        self.campaign = campaign
        self.medium = medium
        self.cost = cost
        self.sent = sent
        self.start = start
        self.end = end
    }
}

/// The site's reference data: customers, products and campaign costs.
public struct SiteCatalog: Sendable {
    /// Customers by member id.
    public var customers: [String: CustomerRecord] = [:]
    /// Products by code.
    public var products: [String: ProductRecord] = [:]
    /// Campaign costs by campaign name.
    public var campaignCosts: [String: CampaignCostRecord] = [:]

    /// An empty catalog.
    public init() {}
}
