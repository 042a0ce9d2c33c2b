import Foundation
import Testing
import TestScratch

/// The HTML reports opened in headless Chromium (Debian's package, installed by Scripts/install-deps.sh):
/// they render, log no console error, and log-derived strings holding `<script>` and `"><img onerror=…>` show
/// as text, never as elements.
@Suite("HTML reports in a browser", .serialized)
struct HTMLInBrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func run(_ arguments: [String]) throws -> (output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test(.enabled(if: chromium != nil), .timeLimit(.minutes(3)))
    func hostileLogStringsRenderAsText() throws {
        let folder = TestScratch.path("footfall-html")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = folder + "/site.toml"
        try "[site]\ntimezone = \"+09:00\"\nlog_format = \"combined_cookie\"\nhosts = [\"www.klife.example\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let script = "<script>alert(1)</script>"
        let image = #"\"><img src=x onerror=alert(2)>"#  // Apache writes a quote inside a field as \"
        let lines = [
            #"192.0.2.1 - - [17/Nov/2026:10:00:00 +0900] "GET /x\#(image).do HTTP/1.1" 200 10 "https://search.naver.com/search.naver?query=%3Cscript%3Ealert(1)%3C%2Fscript%3E" "Mozilla/5.0 \#(script)" "WNUID=a""#,
            #"192.0.2.1 - - [17/Nov/2026:10:01:00 +0900] "GET /index.do HTTP/1.1" 200 10 "https://www.klife.example/" "Mozilla/5.0 \#(script)" "WNUID=a""#,
            #"192.0.2.2 - - [17/Nov/2026:10:02:00 +0900] "GET /index.do HTTP/1.1" 200 10 "-" "EvilBot \#(script)\#(image)" "-""#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/access.log", atomically: true, encoding: .utf8)
        let store = folder + "/store"
        let ingest = try CommandRunner.footfall(["ingest", "--config", config, "--store", store, folder + "/access.log"])
        #expect(ingest.exitCode == 0, "\(ingest.standardError)")

        for report in ["pages", "referrers", "bots", "paths", "overview"] {
            let page = "\(folder)/\(report).html"
            let rendered = try CommandRunner.footfall(["report", report, "--store", store, "--format", "html", "--output", page])
            #expect(rendered.exitCode == 0, "\(report): \(rendered.standardError)")
            let html = try String(contentsOfFile: page, encoding: .utf8)
            #expect(!html.contains(script), "\(report): raw <script> in the file")
            #expect(!html.contains("<img"), "\(report): raw <img> in the file")

            let dom = try Self.run(["--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + page])
            #expect(dom.output.contains("</html>"), "\(report): Chromium did not render the page")
            #expect(!dom.output.contains("<script"), "\(report): a script element in the DOM")
            #expect(!dom.output.contains("<img"), "\(report): an img element in the DOM")
            #expect(!dom.errors.contains("Uncaught"), "\(report): a console error")
            #expect(!dom.errors.contains(":CONSOLE("), "\(report): console output")
            if report != "overview" {
                // The strings are there, as text (the DOM serialiser escapes them again).
                #expect(dom.output.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || dom.output.contains("&lt;img"), "\(report): the hostile text is missing")
            }
            let shot = "\(folder)/\(report).png"
            _ = try Self.run(["--window-size=420,900", "--screenshot=" + shot, "file://" + page])
            let size = (try FileManager.default.attributesOfItem(atPath: shot)[.size] as? NSNumber)?.intValue ?? 0
            #expect(size > 8_000, "\(report): the screenshot looks blank (\(size) bytes)")
        }
    }
}

/// Issue 19: every report's page, in Korean, opened by Selenium in headless Chromium at a laptop's 1280×900 and
/// a phone's 390×844 (Scripts/html_layout_check.py): nothing passes the page's width, no table needs a sideways
/// scroll, chart text is at least 11 px, and Hangul is drawn with a real glyph (Debian's fonts-nanum).
@Suite("HTML reports fit a laptop and a phone", .serialized)
struct HTMLLayoutTests {
    /// Selenium, chromedriver and Chromium, as Scripts/install-deps.sh installs them.
    static let hasSelenium: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"), HTMLInBrowserTests.chromium != nil else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import selenium"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static let reports = [
        ["overview"], ["segments"], ["profile"], ["groups"], ["pages"], ["paths"], ["funnel"], ["campaigns"], ["referrers"], ["logins"],
        ["customer", "M026735"], ["conversions"], ["retention-watch"], ["bots"], ["status"], ["hours"],
    ]

    @Test(.enabled(if: hasSelenium), .timeLimit(.minutes(10)))
    func everyReportFitsALaptopAndAPhone() throws {
        let folder = TestScratch.path("footfall-layout")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var pages: [String] = []
        let store = StoreDamageTests.template
        let runs: [(name: String, arguments: [String])] = Self.reports.map { ($0[0] + ".ko", $0 + ["--lang", "ko"]) }
            + [("overview-compare.en", ["overview", "--lang", "en", "--from", "2026-11-19", "--to", "2026-11-19", "--compare", "previous"]),
               ("campaigns-filtered.en", ["campaigns", "--lang", "en", "--segment", "customer"])]
        for run in runs {
            let page = "\(folder)/\(run.name).html"
            let result = try CommandRunner.footfall(
                ["report"] + run.arguments + ["--store", store, "--config", IngestCrashTests.config, "--format", "html", "--output", page])
            #expect(result.exitCode == 0, "\(run.name): \(result.standardError)")
            pages.append(page)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", CommandRunner.repositoryRoot.appendingPathComponent("Scripts/html_layout_check.py").path] + pages
            + ["--sizes", "1280x900,390x844", "--screenshots", folder + "/shots"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: [String: Any]]])
        #expect(results.count == runs.count)
        for (page, sizes) in results {
            let name = URL(fileURLWithPath: page).lastPathComponent
            #expect(sizes.count == 2)
            for (size, check) in sizes {
                #expect(check["overflow_count"] as? Int == 0, "\(name) at \(size): \(check["overflow"] ?? "")")
                #expect((check["scrollers"] as? [Any])?.isEmpty == true, "\(name) at \(size) scrolls sideways: \(check["scrollers"] ?? "")")
                #expect((check["small_text"] as? [Any])?.isEmpty == true, "\(name) at \(size): chart text under 11 px: \(check["small_text"] ?? "")")
                #expect(check["hangul"] as? Bool == true, "\(name) at \(size): Hangul drawn without a glyph")
                #expect((check["scroll_width"] as? Int ?? .max) <= (check["page_width"] as? Int ?? 0), "\(name) at \(size): the page scrolls sideways")
            }
        }
        // The screenshots are there to look at (kept in the scratch folder while the tests run).
        let shots = try FileManager.default.contentsOfDirectory(atPath: folder + "/shots")
        #expect(shots.count == runs.count * 2)
    }
}
