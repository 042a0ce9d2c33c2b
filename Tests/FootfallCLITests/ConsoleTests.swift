import Foundation
import Testing
import TestScratch

#if canImport(Glibc)
import Glibc
#endif

/// The console (SPEC §13) as a person and an attacker use it: `footfall serve` on a free loopback port over the
/// sample store, driven by Scripts/console_check.py — HTTP checks with urllib, then headless Chromium through
/// Selenium (log in, every page, click a device and a segment, comparison, CSV download, screenshots at 1280 and
/// 390 px). Figures and downloads are compared with `footfall report`; the server stops on SIGTERM.
@Suite("The console in a browser", .serialized)
struct ConsoleTests {
    static let password = "correct horse battery staple"

    /// Starts `footfall serve` on port 0 and returns the process and its address (read from its first line).
    static func serve(store: String, users: String) throws -> (Process, String) {
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("footfall")
        process.arguments = ["serve", "--store", store, "--config", IngestCrashTests.config, "--users", users, "--listen", "127.0.0.1:0"]
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = nil
        environment["LC_ALL"] = nil
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(120)
        while !text.contains("\n"), Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first, let range = line.range(of: "http://") else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "footfall serve did not print its address: \(text)"])
        }
        return (process, String(line[range.lowerBound...]))
    }

    static func users(_ folder: String) throws -> (path: String, token: String) {
        let path = folder + "/users.toml"
        for (name, role) in [("kim", "admin"), ("lee", "viewer")] {
            let added = try CommandRunner.footfall(["users", "add", name, "--role", role, "--users", path], standardInput: Data((password + "\n").utf8))
            #expect(added.exitCode == 0, "\(added.standardError)")
        }
        let token = try CommandRunner.footfall(["users", "token", "kim", "--users", path])
        #expect(token.exitCode == 0)
        return (path, token.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func usersFileHoldsOnlyHashesAndTheServerNeedsIt() throws {
        let folder = TestScratch.path("footfall-console-users")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let short = try CommandRunner.footfall(["users", "add", "kim", "--role", "admin", "--users", folder + "/users.toml"], standardInput: Data("short\n".utf8))
        #expect(short.exitCode == 64)
        #expect(short.standardError.contains("too short"))
        let (path, token) = try Self.users(folder)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(Self.password) && !text.contains(token))
        #expect(text.contains("$2b$12$"))
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        let missing = try CommandRunner.footfall(["serve", "--store", StoreDamageTests.template, "--users", folder + "/none.toml"])
        #expect(missing.exitCode == 64)
        #expect(missing.standardError.contains("footfall users add NAME --role admin"))
        let open = try CommandRunner.footfall(["serve", "--store", StoreDamageTests.template, "--users", path, "--listen", "0.0.0.0:8080"])
        #expect(open.exitCode == 64)
        let removed = try CommandRunner.footfall(["users", "remove", "lee", "--users", path])
        #expect(removed.exitCode == 0)
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("[users.lee]"))
    }

    @Test(.timeLimit(.minutes(10)))
    func aPersonAndAnAttackerUseTheConsole() throws {
        let folder = TestScratch.path("footfall-console")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A store of its own: the access log is written under it.
        let store = folder + "/store"
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/bin/cp")
        copy.arguments = ["-a", StoreDamageTests.template, store]
        try copy.run()
        copy.waitUntilExit()
        let (users, token) = try Self.users(folder)
        let (server, url) = try Self.serve(store: store, users: users)
        defer { if server.isRunning { server.terminate() } }

        let browser = HTMLLayoutTests.hasSelenium
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", CommandRunner.repositoryRoot.appendingPathComponent("Scripts/console_check.py").path, "--url", url,
                           "--user", "kim", "--password", Self.password, "--viewer", "lee", "--viewer-password", Self.password, "--token", token,
                           "--screenshots", folder + "/shots"] + (browser ? [] : ["--skip-browser"])
        let output = Pipe()
        check.standardOutput = output
        try check.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let http = try #require(result["http"] as? [String: Any])

        // Without credentials: every page goes to the login page, the API answers 401; health answers.
        let anonymous = try #require(http["anonymous"] as? [String: [Any]])
        for (path, answer) in anonymous {
            if path.hasPrefix("api/") || path == "bad token" {
                #expect(answer.first as? Int == 401, "\(path)")
                #expect((answer.last as? String)?.contains("\"error\"") == true, "\(path)")
            } else {
                #expect(answer.first as? Int == 303, "\(path)")
                #expect((answer.last as? String)?.hasPrefix("/login?next=") == true, "\(path)")
            }
        }
        #expect((http["health"] as? [Any])?.first as? Int == 200)
        // A viewer: the aggregate pages, not the consultant's or admin's (403), and no member ids in JSON.
        let login = try #require(http["viewer_login"] as? [Any])
        #expect(login.first as? Int == 303 && login[2] as? Bool == true && login[3] as? Bool == true)  // HttpOnly, SameSite=Strict
        let viewer = try #require(http["viewer"] as? [String: Any])
        for page in ["/", "reports/segments", "reports/profile"] { #expect(viewer[page] as? Int == 200, "\(page)") }
        for page in ["reports/customer", "reports/retention-watch", "reports/status", "reports/bots", "admin/versions", "customer download"] {
            #expect(viewer[page] as? Int == 403, "\(page)")
        }
        #expect(viewer["conversions json has member ids"] as? Bool == false)
        // The CLI's messages as JSON 400 / 404; the comparison through the API.
        // Named audiences: the counts for a viewer, the lists (403 for a viewer) and a CSV equal to `footfall audience NAME`.
        let audiences = try #require(http["audiences"] as? [String: [Any]])
        #expect(audiences["viewer_list"]?.map { "\($0)" } == ["200", "1", "1", "0"])
        #expect(audiences["viewer audiences/maturing_customers"]?.map { "\($0)" } == ["403", "0"])
        #expect(audiences["viewer audiences/maturing_customers/download?format=csv"]?.first as? Int == 403)
        #expect(audiences["viewer audiences/nosuch"]?.first as? Int == 404)
        #expect(audiences["admin_list"]?.map { "\($0)" } == ["200", "1"])
        let cli = try CommandRunner.footfall(["audience", "maturing_customers", "--store", store, "--config", IngestCrashTests.config])
        #expect(audiences["admin_csv"]?.last as? String == cli.standardOutput)
        #expect(audiences["admin_page"]?.last as? Int == cli.standardOutput.split(separator: "\r\n").count - 1)
        let accessLog = try String(contentsOfFile: store + "/.console/access-log.jsonl", encoding: .utf8)
        #expect(accessLog.contains("\"page\":\"/audiences/maturing_customers\"") && accessLog.contains("/audiences/maturing_customers/download"))
        // Journeys: the pages, a wrong option as a 400, an option of one report refused on another; downloads equal to the CLI's.
        let journeys = try #require(http["journeys"] as? [String: Any])
        for page in ["reports/funnel?window=7", "reports/attribution", "reports/attribution?goal=apply_complete&lookback=7", "reports/cohorts?by=month&periods=4"] {
            let answer = try #require(journeys[page] as? [Int], "\(page)")
            #expect(answer.first == 200 && answer.last ?? 0 >= 2, "\(page): \(answer)")
        }
        #expect((journeys["reports/cohorts?by=day"] as? [Int])?.first == 400)
        #expect((journeys["reports/overview?window=7"] as? [Int])?.first == 400)
        #expect(journeys["navigation keeps no goal"] as? Bool == true)
        let attribution = try CommandRunner.footfall(
            ["report", "attribution", "--goal", "signup_complete", "--lookback", "7", "--store", store, "--config", IngestCrashTests.config, "--format", "json"])
        #expect((journeys["attribution_json"] as? [Any])?.last as? String == attribution.standardOutput)
        let cohorts = try CommandRunner.footfall(["report", "cohorts", "--by", "week", "--store", store, "--config", IngestCrashTests.config, "--format", "csv"])
        #expect((journeys["cohorts_csv"] as? [Any])?.last as? String == cohorts.standardOutput)
        let bad = try #require(http["bad_filter"] as? [Any])
        #expect(bad.first as? Int == 400)
        #expect((bad.last as? String)?.contains("did you mean 'campaign'?") == true)
        #expect((http["bad_report"] as? [Any])?.first as? Int == 404)
        #expect((http["api_compare"] as? [Any])?.last as? String == "2026-11-18")
        // No path reaches a file: `..`, encoded slashes, the access log, the store.
        for (path, answer) in try #require(http["traversal"] as? [String: [Any]]) {
            #expect(answer.first as? Int == 404, "\(path)")
            #expect(answer.last as? Bool == false, "\(path)")
        }
        // Ten wrong passwords: refused with 401, then rate-limited with 429 (the right one too, for a while).
        let wrong = try #require(http["wrong_passwords"] as? [Int])
        #expect(wrong.prefix(5).allSatisfy { $0 == 401 })
        #expect(wrong.suffix(5).allSatisfy { $0 == 429 })
        #expect(http["viewer_after_limit"] as? Int == 429)

        if browser {
            let seen = try #require(result["browser"] as? [String: Any])
            #expect(seen["login_redirect"] as? String == "/login?next=%2Freports%2Fsegments")
            #expect(seen["after_login"] as? String == "/reports/segments")
            let pages = try #require(seen["pages"] as? [String: [String: Any]])
            #expect(pages.count == 20)
            for (name, page) in pages {
                #expect((page["h1"] as? String)?.isEmpty == false, "\(name)")
                #expect((page["screenshot_1280"] as? Int ?? 0) > 20_000, "\(name): the screenshot looks blank")
                let layout = try #require(page["layout_390"] as? [String: Int])
                #expect(layout["over"] == 0 && layout["scroll"] == 390, "\(name) at 390 px: \(layout)")
            }
            // A click on a device: the URL and the headline figures become the CLI's for that filter.
            #expect(seen["device_url"] as? String == "/?device=mobile")
            let cli = try CommandRunner.footfall(["report", "overview", "--store", store, "--device", "mobile", "--format", "json"])
            let totals = try #require((try JSONSerialization.jsonObject(with: Data(cli.standardOutput.utf8)) as? [String: Any])?["totals"] as? [String: Any])
            let kpi = try #require(seen["device_kpi"] as? [String])
            func people(_ key: String) -> String { Self.grouped(totals[key] as? Int ?? -1) }
            #expect(Array(kpi.prefix(3)) == [people("visitors"), people("visits"), people("page_views")])
            #expect(seen["segment_url"] as? String == "/reports/segments?segment=customer")
            #expect(seen["chip_removed_url"] as? String == "/reports/segments")
            #expect(seen["back_url"] as? String == "/reports/segments?segment=customer")
            #expect(seen["compare_url"] as? String == "/?compare=previous&from=2026-11-19&to=2026-11-19")
            #expect((seen["compare_table"] as? Int ?? 0) > 5)
            // The download is exactly the CLI's CSV for the same query.
            let csv = try #require(seen["csv"] as? [String: Any])
            #expect(csv["status"] as? Int == 200)
            let expected = try CommandRunner.footfall([
                "report", "overview", "--store", store, "--from", "2026-11-19", "--to", "2026-11-19", "--compare", "previous", "--format", "csv",
            ])
            #expect(csv["body"] as? String == expected.standardOutput)
            #expect((seen["console_errors"] as? [String])?.isEmpty == true, "\(seen["console_errors"] ?? "")")
            #expect(seen["hangul"] as? Bool == true)
            // The customer sheet's view is in the access log, which no URL serves.
            let log = try String(contentsOfFile: store + "/.console/access-log.jsonl", encoding: .utf8)
            #expect(log.contains("\"members\":[\"M026735\"]") && log.contains("\"user\":\"kim\""))
        }

        // SIGTERM: the server finishes and exits 0.
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
    }

    /// Log lines written by an attacker (a path, a referrer, a robot's agent, a campaign and a member id with markup,
    /// a `javascript:` referrer) reach the pages only as text: no element, handler or `javascript:` link comes from
    /// them, in the HTML and in the browser, and no dialog opens.
    @Test(.timeLimit(.minutes(5)))
    func hostileLogLinesAppearOnlyAsText() throws {
        let folder = TestScratch.path("footfall-console-hostile")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
        var lines: [String] = []
        for minute in 0..<6 {
            let time = "[19/Nov/2026:10:0\(minute):00 +0900]"
            let cookie = "\"WNUID=hostile\(minute); WNMID=M<i>5</i>\""
            lines.append("203.0.113.\(minute) - - \(time) \"GET /product/<script>alert(1)</script>.do?bn=%22%3E%3Csvg%20onload%3Dalert(7)%3E HTTP/1.1\" 200 512 "
                + "\"https://evil.example/\\\"><img src=x onerror=alert(2)>\" \"\(agent)\" \(cookie)")
            lines.append("203.0.113.\(minute) - - \(time) \"GET /index.do HTTP/1.1\" 200 512 \"javascript:alert(3)\" \"\(agent)\" \(cookie)")
            lines.append("198.51.100.9 - - \(time) \"GET /robots.txt HTTP/1.1\" 200 20 \"-\" \"EvilBot/1.0 <script>alert(4)</script>\" \"-\"")
        }
        let log = folder + "/hostile.log"
        try (lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        let store = folder + "/store"
        let ingest = try CommandRunner.footfall(["ingest", "--config", IngestCrashTests.config, "--store", store, log])
        #expect(ingest.exitCode == 0, "\(ingest.standardError)")
        let (users, token) = try Self.users(folder)
        let (server, url) = try Self.serve(store: store, users: users)
        defer { if server.isRunning { server.terminate() } }
        let browser = HTMLLayoutTests.hasSelenium
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", CommandRunner.repositoryRoot.appendingPathComponent("Scripts/console_check.py").path, "--url", url,
                           "--user", "kim", "--password", Self.password, "--viewer", "lee", "--viewer-password", Self.password, "--token", token,
                           "--hostile"] + (browser ? [] : ["--skip-browser"])
        let output = Pipe()
        check.standardOutput = output
        try check.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let pages = try #require(result["http"] as? [String: [Any]])
        #expect(pages.count == 10)
        var shownAsText = 0
        for (path, answer) in pages {
            // A member id that is markup names no member: the sheet's "not found" page (404), the id as text.
            #expect(answer[0] as? Int == (path.contains("alert%286%29") ? 404 : 200), "\(path)")
            #expect(answer[1] is NSNull, "\(path): markup from the log: \(answer[1])")
            if answer[2] as? Bool == true { shownAsText += 1 }
        }
        #expect(shownAsText >= 5, "the payloads must reach the pages (as text) for the check to mean anything")
        if browser {
            let seen = try #require(result["browser"] as? [String: [String: Any]])
            #expect(seen.count == 10)
            for (path, page) in seen {
                #expect(page["alert"] as? Bool == false, "\(path)")
                #expect(page["scripts"] as? Int == 0, "\(path)")
                #expect(page["handlers"] as? Int == 0, "\(path)")
                #expect(page["js_links"] as? Int == 0, "\(path)")
                #expect(page["italic"] as? Int == 0, "\(path)")
            }
            #expect(seen.values.filter { $0["payload_as_text"] as? Bool == true }.count >= 5)
        }
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
    }

    /// `footfall demo --serve`: the sample store, an admin with a one-time password printed on the terminal, the
    /// console on loopback; that password logs in, and SIGINT stops it.
    @Test(.timeLimit(.minutes(5)))
    func theDemoServesTheConsoleWithAOneTimePassword() throws {
        let folder = TestScratch.path("footfall-demo-serve")
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("footfall")
        process.arguments = ["demo", "--serve", "--listen", "127.0.0.1:0", "--store", folder]
        process.currentDirectoryURL = CommandRunner.repositoryRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var text = ""
        let deadline = Date().addingTimeInterval(180)
        while !text.contains("footfall console: http://"), Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let password = try #require(text.firstMatch(of: /one-time password ([a-z0-9]{16})/)?.1)
        let url = try #require(text.firstMatch(of: /footfall console: (http:\/\/127\.0\.0\.1:[0-9]+\/)/)?.1)
        #expect(text.contains("Visitors") || text.contains("visitors"), "the overview comes first: \(text)")
        let users = try String(contentsOfFile: folder + "/demo-users.toml", encoding: .utf8)
        #expect(!users.contains(String(password)) && users.contains("$2b$12$"))
        // Log in with the printed password, then open the overview.
        let login = Process()
        login.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        login.arguments = ["python3", "-c", """
            import http.cookiejar, sys, urllib.parse, urllib.request
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            data = urllib.parse.urlencode({"username": "demo", "password": sys.argv[2], "next": "/"}).encode()
            page = opener.open(sys.argv[1] + "login", data=data, timeout=60).read().decode()
            print("overview" if "<h1" in page and "/login" not in opener.open(sys.argv[1], timeout=60).geturl() else "login page")
            """, String(url), String(password)]
        let answer = Pipe()
        login.standardOutput = answer
        try login.run()
        let said = String(decoding: answer.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        login.waitUntilExit()
        #expect(said.trimmingCharacters(in: .whitespacesAndNewlines) == "overview")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var text = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(character)
        }
        return text
    }
}
