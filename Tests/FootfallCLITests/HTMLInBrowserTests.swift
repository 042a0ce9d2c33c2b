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
