import Foundation

/// Failed logins counted per user and per address (SPEC §13): after `limit` failures within `window`, further
/// attempts of that user from that address, or of any user from an address that failed `limit × 4` times, are
/// refused until the window has passed since the last failure.
actor LoginLimiter {
    let limit: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(limit: Int = 5, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    private func recent(_ key: String, now: Date) -> [Date] {
        let kept = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = kept.isEmpty ? nil : kept
        return kept
    }

    /// Seconds to wait before `user` may try again from `address`, or `nil` when it may now.
    func wait(user: String, address: String, now: Date = Date()) -> Int? {
        let pair = recent("u:\(user)|\(address)", now: now), all = recent("a:\(address)", now: now)
        let blocking = pair.count >= limit ? pair : all.count >= limit * 4 ? all : nil
        guard let blocking, let last = blocking.last else { return nil }
        return max(1, Int((window - now.timeIntervalSince(last)).rounded(.up)))
    }

    func failed(user: String, address: String, now: Date = Date()) {
        failures["u:\(user)|\(address)", default: []].append(now)
        failures["a:\(address)", default: []].append(now)
        if failures.count > 100_000 { failures = [:] }  // bounded: a flood of addresses forgets, never grows without end
    }

    func succeeded(user: String, address: String) {
        failures["u:\(user)|\(address)"] = nil
    }
}
