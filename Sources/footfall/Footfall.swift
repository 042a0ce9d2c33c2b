import ArgumentParser

/// The `footfall` command: eCRM web-log analytics.
@main
struct Footfall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footfall",
        abstract: "eCRM web-log analytics: gzipped access logs in, customer-centred reports out.",
        version: "0.1.0",
        subcommands: [Demo.self, Parse.self, Sessions.self, Ingest.self, Inspect.self, Report.self, Export.self, StoreCommand.self]
    )
}
