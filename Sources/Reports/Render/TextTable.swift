import LogIngest
/// A terminal table: columns aligned by display width (Hangul and other wide characters count two
/// cells), control characters stripped from every cell (SPEC §8).
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]
    /// Columns aligned right (numbers).
    public var rightAligned: Set<Int>

    public init(headers: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.rightAligned = rightAligned
    }

    /// The widest a terminal table is printed without `--wide` (issue 19).
    public static let maximumWidth = 120

    /// The table cut to `maximumWidth` terminal columns: columns are dropped, least important first (`order`
    /// lists column indices from least to most important), until it fits; the note says which. With `wide`, or
    /// when it fits, the whole table.
    public func fitted(dropping order: [Int], wide: Bool = ReportStyle.current.wide) -> String {
        var kept = Array(headers.indices)
        var dropped: [String] = []
        var table = self
        for column in order where !wide {
            guard Self.displayWidth(table.text.split(separator: "\n").first.map(String.init) ?? "") > Self.maximumWidth else { break }
            kept.removeAll { $0 == column }
            dropped.append(headers[column])
            table = TextTable(
                headers: kept.map { headers[$0] }, rows: rows.map { row in kept.map { $0 < row.count ? row[$0] : "" } },
                rightAligned: Set(kept.enumerated().compactMap { rightAligned.contains($0.element) ? $0.offset : nil }))
        }
        guard !dropped.isEmpty else { return table.text }
        return table.text + "\n(" + L("left out to fit 120 columns") + ": " + dropped.joined(separator: ", ") + "; --wide " + L("shows them") + ")"
    }

    /// The rendered table, one line per row, columns separated by two spaces.
    public var text: String {
        let cleaned = ([headers] + rows).map { $0.map(Self.sanitized) }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in cleaned {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Self.displayWidth(cell))
            }
        }
        var lines: [String] = []
        for (number, row) in cleaned.enumerated() {
            var line = ""
            for (index, cell) in row.enumerated() where index < widths.count {
                let padding = String(repeating: " ", count: widths[index] - Self.displayWidth(cell))
                line += (index == 0 ? "" : "  ") + (rightAligned.contains(index) ? padding + cell : cell + padding)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
            if number == 0 {
                lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Prose (a note under a table) wrapped at word boundaries to `maximumWidth` terminal columns.
    public static func wrapped(_ text: String, width: Int = maximumWidth) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if !line.isEmpty, displayWidth(candidate) > width {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// Control characters (C0, DEL, C1) and bidirectional formatting characters shown as visible escapes
    /// (``SafeText``), so that log-derived text cannot move the cursor, change colours, clear the screen or
    /// reorder a cell.
    public static func sanitized(_ text: String) -> String {
        SafeText.visible(text)
    }

    /// Terminal cells taken by `text`: 2 for East Asian wide and full-width characters, 0 for
    /// combining marks and zero-width characters, 1 otherwise.
    public static func displayWidth(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x0300...0x036F, 0x200B...0x200F, 0x20D0...0x20FF, 0xFE00...0xFE0F, 0x1160...0x11FF:
                continue  // combining marks, zero-width, Hangul medial/final jamo
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
                width += 2
            default:
                width += 1
            }
        }
        return width
    }
}
