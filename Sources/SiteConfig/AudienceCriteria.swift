/// The criteria of an audience (SPEC §15), as `footfall audience`'s flags or a `[[audiences]]` table give
/// them: text as written, checked against the store and the config when the audience is made (so a
/// named audience and the same flags fail the same way, exit 64).
public struct AudienceCriteria: Sendable, Hashable {
    /// `member` or `customer`: the segment of the member's last visit in the range.
    public var segment: String?
    /// A customer grade of customers.csv.
    public var grade: String?
    /// A gender of customers.csv.
    public var gender: String?
    /// An age range (`28-35`, `60+`, `35`); age is the range end's year minus `birth_year`.
    public var age: String?
    /// `COLUMN=VALUE` conditions on customers.csv columns (all must hold).
    public var whereConditions: [String] = []
    /// The member's last visit falls on one of the range's last DAYS days.
    public var visitedWithin: Int?
    /// At least this many visits in the range.
    public var minVisits: Int?
    /// `NAME[:MIN]`: interest in a product (name or code) or a product category, at least MIN (else > 0).
    public var interest: [String] = []
    /// Goals some visit of the member reached.
    public var reached: [String] = []
    /// Goals no visit of the member reached.
    public var notReached: [String] = []
    /// `FUNNEL:STEP`: the member's furthest progress in the funnel is exactly that step (number, glob or page).
    public var dropped: String?
    /// With `dropped`: progress over SPEC §14's attempts of at most this many days, across visits.
    public var window: Int?
    /// Campaigns the member had a visit from (each).
    public var campaigns: [String] = []
    /// Customers whose maturity date lies 1 … DAYS days after the range end.
    public var maturityWithin: Int?

    public init() {}

    /// Whether no criterion is given (the audience is every member who visited).
    public var isEmpty: Bool { self == AudienceCriteria() }
}

/// A named audience of `site.toml` (`[[audiences]]`, SPEC §15).
public struct AudienceDefinition: Sendable, Hashable {
    /// Its name, as `footfall audience NAME` and the console use it.
    public var name: String
    /// What it says it is for (shown in the console).
    public var description: String?
    public var criteria: AudienceCriteria
    /// `interest`, `last_visit` or `member_id` (the default).
    public var orderBy: String?
    /// At most this many members.
    public var limit: Int?

    public init(name: String, description: String? = nil, criteria: AudienceCriteria, orderBy: String? = nil, limit: Int? = nil) {
        self.name = name
        self.description = description
        self.criteria = criteria
        self.orderBy = orderBy
        self.limit = limit
    }
}
