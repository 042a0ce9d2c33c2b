import Foundation
public import FootfallStore
public import LogAnalytics
import LogIngest
import ParquetStore
public import SiteConfig

/// A filter value or range a report cannot use: a usage error (exit 64) that lists the known values, a close
/// match first (SPEC §12.21).
public struct ReportUsageError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Checks a report's filter values against their closed sets, the store and the config (SPEC §12.21):
/// `--channel email`, `--grade VIP`, `--device phone`, a campaign in the wrong case or `--gender 여` gave zeros
/// with exit 0.
public enum ReportFilterCheck {
    /// Throws ``ReportUsageError`` for a value of `query`'s filters that cannot match: outside its closed set
    /// (segment, grade, device, channel) or unknown to the store and the config (campaign, gender).
    public static func check(_ query: ReportQuery, store: Store, catalog: SiteCatalog?) throws {
        if let grade = query.grade {
            try closed("--grade", grade, CustomerRecord.Grade.allCases.map(\.rawValue),
                       synonyms: Dictionary(uniqueKeysWithValues: CustomerRecord.Grade.allCases.map { ($0.koreanName, $0.rawValue) }))
        }
        if let device = query.device {
            try closed("--device", device, DeviceClass.allCases.map(\.rawValue),
                       synonyms: ["phone": "mobile", "smartphone": "mobile", "pc": "desktop", "pad": "tablet", "모바일": "mobile", "데스크톱": "desktop", "태블릿": "tablet"])
        }
        if let channel = query.channel {
            try closed("--channel", channel, Channel.allCases.map(\.rawValue),
                       synonyms: ["email": "campaign", "e-mail": "campaign", "banner": "campaign", "utm": "campaign", "cpc": "campaign",
                                  "organic": "search", "sns": "social", "none": "direct", "캠페인": "campaign", "검색": "search",
                                  "소셜": "social", "추천": "referral", "직접": "direct"])
        }
        if query.campaign != nil || query.gender != nil {
            let known = try knownValues(store: store)
            if let campaign = query.campaign {
                let listed = known.campaigns.union(catalog.map { Set($0.campaignCosts.keys) } ?? [])
                try open("--campaign", campaign, listed.sorted(), what: "campaign")
            }
            if let gender = query.gender {
                let listed = known.genders.union(catalog.map { Set($0.customers.values.compactMap(\.gender)) } ?? [])
                try open("--gender", gender, listed.sorted(), what: "gender",
                         synonyms: ["여": "F", "여자": "F", "여성": "F", "남": "M", "남자": "M", "남성": "M", "female": "F", "male": "M"])
            }
        }
    }

    /// A value of a closed set, or an error naming the set (a synonym or close spelling first).
    static func closed(_ flag: String, _ value: String, _ known: [String], synonyms: [String: String] = [:]) throws(ReportUsageError) {
        guard !known.contains(value) else { return }
        throw ReportUsageError(
            "\(flag) '\(value)' is not one of \(known.joined(separator: ", "))" + suggestion(value, known, synonyms: synonyms))
    }

    /// A value the store or the config knows, or an error listing them.
    static func open(_ flag: String, _ value: String, _ known: [String], what: String, synonyms: [String: String] = [:]) throws(ReportUsageError) {
        guard !known.contains(value) else { return }
        let listed = known.isEmpty ? "the store and the config know no \(what)" : "known: " + known.prefix(30).joined(separator: ", ")
            + (known.count > 30 ? ", … (\(known.count) in all)" : "")
        throw ReportUsageError("\(flag) '\(value)' is not a \(what) of the store or the config; \(listed)" + suggestion(value, known, synonyms: synonyms))
    }

    /// "; did you mean `x`?" for a synonym, a different case or a close spelling, else nothing.
    public static func suggestion(_ value: String, _ known: [String], synonyms: [String: String]) -> String {
        let lowered = value.lowercased()
        if let mapped = synonyms[lowered] ?? synonyms[value], known.contains(mapped) { return "; did you mean '\(mapped)'?" }
        if let same = known.first(where: { $0.lowercased() == lowered }) { return "; did you mean '\(same)'?" }
        let limit = max(1, min(3, value.count / 3))
        var best: (name: String, distance: Int)?
        for name in known {
            let distance = editDistance(lowered, name.lowercased())
            guard distance <= limit else { continue }
            if let current = best, current.distance < distance || (current.distance == distance && current.name <= name) { continue }
            best = (name, distance)
        }
        return best.map { "; did you mean '\($0.name)'?" } ?? ""
    }

    /// Levenshtein distance of two strings (by characters).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The campaigns and genders in the store's visits (the columns' values of every day).
    public static func knownValues(store: Store, genders wantGenders: Bool = true) throws -> (campaigns: Set<String>, genders: Set<String>) {
        var campaigns = Set<String>(), genders = Set<String>()
        for day in try store.manifest()?.days.keys.sorted() ?? [] {
            guard let reader = try store.openDayFile(.visits, day: day) else { continue }
            for (column, into) in [("campaign", 0), ("gender", 1)] where into == 0 || wantGenders {
                var values = ParquetStringCodes()
                try reader.readColumn(column, codingInto: &values)
                var used = [Bool](repeating: false, count: values.dictionary.count)
                for code in values.codes where code >= 0 { used[Int(code)] = true }
                for (index, value) in values.dictionary.enumerated() where used[index] {
                    if into == 0 { campaigns.insert(value) } else { genders.insert(value) }
                }
            }
        }
        return (campaigns, genders)
    }

    /// An age filter: `28-35` (inclusive), `60+` (60 and over), `35` (exactly).
    public static func parseAges(_ text: String) -> ClosedRange<Int>? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("+"), let low = Int(trimmed.dropLast()), (0...150).contains(low) { return low...150 }
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 1, let age = Int(parts[0]), (0...150).contains(age) { return age...age }
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), 0 <= low, low <= high, high <= 150 else { return nil }
        return low...high
    }
}
