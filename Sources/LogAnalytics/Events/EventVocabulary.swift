/// The values that the page-view events of one file refer to by number.
///
/// Filled on the file's reader thread as values first appear, read on the merge thread: an event
/// reaches the merge after the values it names were appended (``AppendOnlyTable``). Visitor keys and
/// member ids are kept whole (their number is bounded by the visitors and members of the run); paths,
/// pages and channels up to ``boundedTableLimit`` each, past which events carry their own values.
public final class EventVocabulary: Sendable {
    /// Most distinct paths, pages and channels a file's vocabulary takes.
    public static let boundedTableLimit = 100_000

    let visitorKeys = AppendOnlyTable<String>()
    let memberIds = AppendOnlyTable<String>()
    let paths = AppendOnlyTable<String>()
    let pages = AppendOnlyTable<PageInfo>()
    /// Entry 0 is ``ChannelInfo/direct``.
    let channels = AppendOnlyTable<ChannelInfo>()

    init() {
        channels.append(.direct)
    }

    func visitorKey(of event: PageViewEvent) -> String { visitorKeys[event.visitor] }

    /// The member id of the event at `event` (read through a pointer: a copy of the event would retain its strings).
    func memberId(of event: UnsafePointer<PageViewEvent>) -> String? {
        event.pointee.member < 0 ? nil : memberIds[event.pointee.member]
    }

    func path(of event: PageViewEvent) -> String { event.path < 0 ? event.overflow!.path : paths[event.path] }

    func page(of event: PageViewEvent) -> PageInfo { event.page < 0 ? event.overflow!.page : pages[event.page] }

    /// The page name alone (``PageInfo/page``), without copying the rest of the page's facts.
    func pageName(of event: PageViewEvent) -> String {
        event.page < 0 ? event.overflow!.page.page : pages.address(of: event.page).pointee.page
    }

    func channel(of event: PageViewEvent) -> ChannelInfo {
        event.channel < 0 ? event.overflow!.channel : channels[event.channel]
    }

    /// The channel alone (``ChannelInfo/channel``) of the event at `event`, without copying the campaign and
    /// referrer details (read through a pointer, as ``memberId(of:)``).
    func channelKind(of event: UnsafePointer<PageViewEvent>) -> Channel {
        let channel = event.pointee.channel
        return channel < 0 ? event.pointee.overflow!.channel.channel : channels.address(of: channel).pointee.channel
    }
}
