/// Parses W3C extended log files (IIS and others): `#Fields:` directives name the columns and may
/// change mid-file; data lines are fields separated by spaces or tabs (runs of them, as Oracle
/// Web Cache writes), a field may be double-quoted, `-` means empty, and `+` stands for a space in
/// header values. Times are UTC.
struct W3CLineParser: Sendable {
    enum Column: Sendable, Hashable {
        case date, time, clientIP, user, method, uriStem, uriQuery, uri, status, bytes, timeTaken
        case userAgent, referrer, cookie, host, httpProtocol, ignored
    }

    /// The outcome of one line.
    enum Outcome {
        case hit
        case directive
        case bad(BadLineReason)
    }

    private(set) var columns: [Column] = []
    /// Days since 1970 of the last `#Date:` directive, for lines that carry only a time.
    private var directiveDay: Int64?

    static func column(named name: String) -> Column {
        switch name.lowercased() {
        case "date": .date
        case "time": .time
        case "c-ip": .clientIP
        case "cs-username": .user
        case "cs-method": .method
        case "cs-uri-stem": .uriStem
        case "cs-uri-query": .uriQuery
        case "cs-uri": .uri
        case "sc-status": .status
        case "sc-bytes": .bytes
        case "time-taken": .timeTaken
        case "cs(user-agent)": .userAgent
        case "cs(referer)", "cs(referrer)": .referrer
        case "cs(cookie)": .cookie
        case "cs-host", "cs(host)": .host
        case "cs-version": .httpProtocol
        default: .ignored
        }
    }

    /// Parses `line`: a directive updates the columns; a data line fills `fields`.
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, into fields: inout HitFields) -> Outcome {
        guard let base = line.baseAddress, line.count > 0 else { return .directive }
        if base[0] == UInt8(ascii: "#") {
            readDirective(line)
            return .directive
        }
        guard !columns.isEmpty else { return .bad(.noFieldsDirective) }
        fields.plusMeansSpace = true

        // First split, so that a line of another layout is reported as a wrong field count.
        var ranges = [ByteRange](repeating: .empty, count: columns.count)
        var fieldCount = 0
        var position = 0
        let count = line.count
        while true {
            while position < count, base[position] == UInt8(ascii: " ") || base[position] == 0x09 { position += 1 }
            if position >= count { break }
            var start = position
            var end: Int
            if base[position] == UInt8(ascii: "\"") {
                start = position + 1
                var cursor = start
                while true {
                    guard let quote = findByte(UInt8(ascii: "\""), from: base + cursor, to: base + count) else {
                        return .bad(.wrongFieldCount)
                    }
                    let index = quote - base
                    if index + 1 < count, base[index + 1] == UInt8(ascii: "\"") {
                        cursor = index + 2  // "" is an escaped quote
                        continue
                    }
                    end = index
                    position = index + 1
                    break
                }
            } else {
                end = position
                while end < count, base[end] != UInt8(ascii: " "), base[end] != 0x09 { end += 1 }
                position = end
            }
            guard fieldCount < columns.count else { return .bad(.wrongFieldCount) }
            var range = ByteRange(start: start, end: end)
            if range.count == 1, base[start] == UInt8(ascii: "-") { range = ByteRange(start: start, end: start) }
            ranges[fieldCount] = range
            fieldCount += 1
        }
        guard fieldCount == columns.count else { return .bad(.wrongFieldCount) }

        var date = ByteRange.empty
        var time = ByteRange.empty
        var hasStatus = false
        for (columnIndex, range) in ranges.enumerated() {
            let start = Int(range.start)
            switch columns[columnIndex] {
            case .date: date = range
            case .time: time = range
            case .clientIP: fields.client = range
            case .user: fields.user = range
            case .method:
                guard RequestLine.isMethod(line.slice(range)) else { return .bad(.badRequestLine) }
                fields.method = range
            case .uriStem:
                guard !range.isEmpty, base[start] == UInt8(ascii: "/") else { return .bad(.badRequestLine) }
                fields.path = range
            case .uriQuery: fields.query = range
            case .uri:
                guard RequestLine.splitTarget(line, range, into: &fields) else { return .bad(.badRequestLine) }
            case .status:
                guard let status = NumberField.status(line.slice(range)) else { return .bad(.badStatus) }
                fields.status = status
                hasStatus = true
            case .bytes:
                guard let bytes = NumberField.integer(line.slice(range), dash: 0) else { return .bad(.badNumber) }
                fields.bytes = bytes
            case .timeTaken:
                // IIS writes milliseconds.
                if let value = NumberField.integer(line.slice(range), dash: -1) {
                    fields.durationMicroseconds = value < 0 ? -1 : value &* 1000
                }
            case .userAgent: fields.userAgent = range
            case .referrer: fields.referrer = range
            case .cookie: fields.cookieHeader = range
            case .host: fields.virtualHost = range
            case .httpProtocol: fields.httpProtocol = range
            case .ignored: break
            }
        }
        guard fields.method.count > 0, fields.path.count > 0, hasStatus else { return .bad(.wrongFieldCount) }
        let day: Int64
        if date.isEmpty {
            guard let directiveDay else { return .bad(.badDate) }
            day = directiveDay
        } else {
            guard let (year, month, dayOfMonth) = Timestamp.parseDate(line.slice(date)) else { return .bad(.badDate) }
            day = Timestamp.daysFromCivil(year: year, month: month, day: dayOfMonth)
        }
        guard let secondOfDay = Timestamp.parseTimeOfDay(line.slice(time)) else { return .bad(.badDate) }
        fields.timestamp = day * 86_400 + Int64(secondOfDay)
        guard Timestamp.isAccepted(fields.timestamp) else { return .bad(.badDate) }
        fields.utcOffsetSeconds = 0
        return .hit
    }

    private mutating func readDirective(_ line: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("#Fields:") {
            var body = Substring(text.dropFirst("#Fields:".count))
            // Some servers append "// comment" to the directive.
            if let slash = body.indices.first(where: { body[$0] == "/" && body[body.index(after: $0)...].first == "/" }) {
                body = body[..<slash]
            }
            // No cap: a directive is a line, at most 65,536 bytes, so at most 32,768 fields.
            columns = body.split(whereSeparator: { $0 == " " || $0 == "\t" })
                .map { Self.column(named: String($0)) }
        } else if text.hasPrefix("#Date:") {
            // "#Date: 2009-08-17 00:00:00": the date for files whose lines carry only a time.
            let value = Array(text.dropFirst("#Date:".count).trimmingCharacters(in: " \t").prefix(10).utf8)
            directiveDay = value.withUnsafeBufferPointer { bytes in
                Timestamp.parseDate(bytes).map { Timestamp.daysFromCivil(year: $0.0, month: $0.1, day: $0.2) }
            }
        }
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var result = self
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return result
    }
}
