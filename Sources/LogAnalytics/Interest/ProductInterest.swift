import Foundation

/// Product interest (SPEC §7, §12.13): for a visitor and a product over a date range ending on day E,
/// `Σ (1 + min(time_on_page, 600)/60 + action) × 0.5^((E − day)/30)` over that visitor's page views of
/// that product inside the range.
public enum ProductInterest {
    /// Seconds of time on page that count at most.
    public static let timeOnPageCap: Int64 = 600
    /// Days after which a page view's weight halves.
    public static let halfLifeDays = 30.0

    /// The contribution of one page view seen on `day` to interest measured at `endDay`.
    ///
    /// - Parameters:
    ///   - timeOnPage: seconds to the next page view of the visit; `nil` (the last page view) adds 0.
    ///   - action: the sum of the weights of the goals the page view reaches.
    public static func contribution(timeOnPage: Int64?, action: Double, day: SiteDay, endDay: SiteDay) -> Double {
        let time = Double(min(max(timeOnPage ?? 0, 0), timeOnPageCap)) / 60
        let age = Double(endDay.daysSinceEpoch - day.daysSinceEpoch)
        return (1 + time + action) * pow2(-age / halfLifeDays)
    }

    /// The weight at `endDay` of a page view seen on `day`: 0.5^((endDay − day)/30).
    public static func decay(from day: SiteDay, to endDay: SiteDay) -> Double {
        pow2(-Double(endDay.daysSinceEpoch - day.daysSinceEpoch) / halfLifeDays)
    }

    /// Interest by product of the page views of one visitor (or a group) inside `from...to`.
    public static func byProduct(_ pageViews: [PageViewRow], from: SiteDay, to: SiteDay) -> [String: Double] {
        var result: [String: Double] = [:]
        for view in pageViews where view.day >= from && view.day <= to {
            guard let product = view.product else { continue }
            result[product, default: 0] += contribution(timeOnPage: view.timeOnPage, action: view.interestAction, day: view.day, endDay: to)
        }
        return result
    }

    private static func pow2(_ exponent: Double) -> Double { pow(2, exponent) }
}
