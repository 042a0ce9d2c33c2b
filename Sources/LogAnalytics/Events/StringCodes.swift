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

        /// Not looked up yet.
        static let unknown = PageCodes(page: -2, content: -2, productCategory: -2, product: -2)
    }

    /// The codes of a channel's details (``ChannelInfo``); `-1` where it has none.
    public struct ChannelCodes: Sendable, Hashable {
        public var campaign: Int32
        public var source: Int32
        public var medium: Int32
        public var searchEngine: Int32
        public var keyword: Int32
        public var referrerHost: Int32
        /// Looked up (`false`: a slot not filled yet).
        var known = true

        static let unknown = ChannelCodes(campaign: -1, source: -1, medium: -1, searchEngine: -1, keyword: -1, referrerHost: -1, known: false)
    }

    /// The strings, by code.
    public private(set) var strings: [String] = []
    private let interner = ByteInterner(capacity: 4096)
    /// By file, then by the file's page (path, channel) number: codes met so far.
    @exclusivity(unchecked) private var pageCodesByFile: [[PageCodes]] = []
    @exclusivity(unchecked) private var pathCodesByFile: [[Int32]] = []
    @exclusivity(unchecked) private var channelCodesByFile: [[ChannelCodes]] = []

    /// Creates an empty set of codes.
    public init() {}

    /// The code of `string`, given now if it has none.
    public func code(of string: String) -> Int32 {
        var string = string
        let code = string.withUTF8 { interner.intern($0) }
        if Int(code) == strings.count { strings.append(string) }
        return code
    }

    /// The code of `string`, or `-1` for `nil`.
    func code(of string: String?) -> Int32 {
        string.map { code(of: $0) } ?? -1
    }

    /// The codes of the page of `event`, whose file's vocabulary is `vocabulary`.
    func pageCodes(of event: PageViewEvent, in vocabulary: EventVocabulary) -> PageCodes {
        guard event.page >= 0 else { return codes(of: event.overflow!.page) }
        let file = Int(event.file)
        let number = Int(event.page)
        if file < pageCodesByFile.count, number < pageCodesByFile[file].count {
            let known = pageCodesByFile[file][number]
            if known.page >= 0 { return known }
        }
        while pageCodesByFile.count <= file { pageCodesByFile.append([]) }
        if pageCodesByFile[file].count <= number {
            pageCodesByFile[file].append(contentsOf: repeatElement(.unknown, count: number + 1 - pageCodesByFile[file].count))
        }
        let codes = codes(of: vocabulary.pages.address(of: event.page).pointee)
        pageCodesByFile[file][number] = codes
        return codes
    }

    /// The code of the raw path of `event`, whose file's vocabulary is `vocabulary`.
    func pathCode(of event: PageViewEvent, in vocabulary: EventVocabulary) -> Int32 {
        guard event.path >= 0 else { return code(of: event.overflow!.path) }
        let file = Int(event.file)
        let number = Int(event.path)
        if file < pathCodesByFile.count, number < pathCodesByFile[file].count {
            let known = pathCodesByFile[file][number]
            if known >= 0 { return known }
        }
        while pathCodesByFile.count <= file { pathCodesByFile.append([]) }
        if pathCodesByFile[file].count <= number {
            pathCodesByFile[file].append(contentsOf: repeatElement(-2, count: number + 1 - pathCodesByFile[file].count))
        }
        let code = code(of: vocabulary.paths[event.path])
        pathCodesByFile[file][number] = code
        return code
    }

    /// The codes of the channel details of `event`, whose file's vocabulary is `vocabulary`.
    func channelCodes(of event: PageViewEvent, in vocabulary: EventVocabulary) -> ChannelCodes {
        guard event.channel >= 0 else { return codes(of: event.overflow!.channel) }
        let file = Int(event.file)
        let number = Int(event.channel)
        if file < channelCodesByFile.count, number < channelCodesByFile[file].count {
            let known = channelCodesByFile[file][number]
            if known.known { return known }
        }
        while channelCodesByFile.count <= file { channelCodesByFile.append([]) }
        if channelCodesByFile[file].count <= number {
            channelCodesByFile[file].append(contentsOf: repeatElement(.unknown, count: number + 1 - channelCodesByFile[file].count))
        }
        let codes = codes(of: vocabulary.channels.address(of: event.channel).pointee)
        channelCodesByFile[file][number] = codes
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
