import LogIngest
import SiteConfig

enum SiteConfigurationLoader {
    static func sample() throws -> (SiteConfiguration, SiteCatalog) {
        let configuration = try SiteConfiguration.load(path: StoreFixture.sampleConfig)
        return (configuration, try SiteCatalog.load(for: configuration))
    }
}

enum LogInputMaker {
    static func make(_ path: String) -> LogInput { LogInput(path: path) }
}
