import ByteTables

/// Run-wide numbers ("codes") for the strings of page views — page names, paths, content and product
/// categories, products, channel details — and any other string a consumer adds: equal strings get the same code,
/// whichever file's vocabulary they came from.
///
/// For a consumer that writes or tallies page views by number (a Parquet column of codes, a rollup
/// keyed on ids) and needs a string only once per distinct value. A file's page and path numbers are
/// mapped to codes the first time they are met, so a page view costs two array reads, no hashing and
/// no reference counting. One instance per thread: it is not thread-safe.
public final class StringCodes {
    /// The codes of a page's facts (``PageInfo``); `-1` where the page has none.
    public struct PageCodes: Sendable, Hashable {
        public var page: Int32
        public var content: Int32
        public var productCategory: Int32
        public var product: Int32
    }

    /// The codes of a channel's details (``ChannelInfo``); `-1` where it has none.
    public struct ChannelCodes: Sendable, Hashable {
        public var campaign: Int32
        public var source: Int32
        public var medium: Int32
        public var searchEngine: Int32
        public var keyword: Int32
        public var referrerHost: Int32
    }

    /// Values cached by file and by the file's vocabulary number (`nil`: not met yet).
    private struct ByFileNumber<Value> {
        private var byFile: [[Value?]] = []

        @inline(__always)
        func value(file: Int32, number: Int32) -> Value? {
            guard Int(file) < byFile.count, Int(number) < byFile[Int(file)].count else { return nil }
            return byFile[Int(file)][Int(number)]
        }

        mutating func store(_ value: Value, file: Int32, number: Int32) {
            let file = Int(file), number = Int(number)
            while byFile.count <= file { byFile.append([]) }
            if byFile[file].count <= number {
                byFile[file].append(contentsOf: repeatElement(nil, count: number + 1 - byFile[file].count))
            }
            byFile[file][number] = value
        }
    }

    /// The strings, by code.
    public private(set) var strings: [String] = []
    /// The UTF-8 length of each of ``strings``.
    public private(set) var utf8Counts: [Int32] = []
    private let interner = ByteInterner(capacity: 4096)
    /// By file, then by the file's page (path, channel) number: codes met so far.
    @exclusivity(unchecked) private var pageCodesByFile = ByFileNumber<PageCodes>()
    @exclusivity(unchecked) private var pathCodesByFile = ByFileNumber<Int32>()
    @exclusivity(unchecked) private var channelCodesByFile = ByFileNumber<ChannelCodes>()

    /// Creates an empty set of codes.
    public init() {}

    /// The code of `string`, given now if it has none.
    public func code(of string: String) -> Int32 {
        var string = string
        let code = string.withUTF8 { interner.intern($0) }
        if Int(code) == strings.count {
            utf8Counts.append(Int32(string.utf8.count))
            strings.append(string)
        }
        return code
    }

    /// The code of `string`, or `-1` for `nil`.
    func code(of string: String?) -> Int32 {
        string.map { code(of: $0) } ?? -1
    }

    // The events are read through a pointer, field by field: a `PageViewEvent` argument would be copied
    // (retaining its strings) per page view; a file's vocabulary is only fetched on a cache miss.

    /// The codes of the page of `event`, whose file's vocabulary is in `vocabularies`.
    func pageCodes(of event: UnsafePointer<PageViewEvent>, in vocabularies: [EventVocabulary]) -> PageCodes {
        let file = event.pointee.file, page = event.pointee.page
        guard page >= 0 else { return codes(of: event.pointee.overflow!.page) }
        if let known = pageCodesByFile.value(file: file, number: page) { return known }
        let codes = codes(of: vocabularies[Int(file)].pages.address(of: page).pointee)
        pageCodesByFile.store(codes, file: file, number: page)
        return codes
    }

    /// The code of the raw path of `event`, whose file's vocabulary is in `vocabularies`.
    func pathCode(of event: UnsafePointer<PageViewEvent>, in vocabularies: [EventVocabulary]) -> Int32 {
        let file = event.pointee.file, path = event.pointee.path
        guard path >= 0 else { return code(of: event.pointee.overflow!.path) }
        if let known = pathCodesByFile.value(file: file, number: path) { return known }
        let code = code(of: vocabularies[Int(file)].paths[path])
        pathCodesByFile.store(code, file: file, number: path)
        return code
    }

    /// The codes of the channel details of `event`, whose file's vocabulary is in `vocabularies`.
    func channelCodes(of event: UnsafePointer<PageViewEvent>, in vocabularies: [EventVocabulary]) -> ChannelCodes {
        let file = event.pointee.file, channel = event.pointee.channel
        guard channel >= 0 else { return codes(of: event.pointee.overflow!.channel) }
        if let known = channelCodesByFile.value(file: file, number: channel) { return known }
        let codes = codes(of: vocabularies[Int(file)].channels.address(of: channel).pointee)
        channelCodesByFile.store(codes, file: file, number: channel)
        return codes
    }

    private func codes(of channel: ChannelInfo) -> ChannelCodes {
        ChannelCodes(
            campaign: code(of: channel.campaign), source: code(of: channel.source), medium: code(of: channel.medium),
            searchEngine: code(of: channel.searchEngine), keyword: code(of: channel.keyword),
            referrerHost: code(of: channel.referrerHost))
    }

    private func codes(of page: PageInfo) -> PageCodes {
        PageCodes(
            page: code(of: page.page), content: code(of: page.content), productCategory: code(of: page.productCategory),
            product: code(of: page.product))
    }
}
