import Foundation
import FootfallStore
import Hummingbird
import HummingbirdAuth
import HTTPTypes
import LogAnalytics
import Logging
import NIOCore
import NIOPosix
import Reports
import SiteConfig

/// The console's routes (SPEC §13). Pages: `/` (overview), `/reports/NAME`, `/reports/NAME/download?format=…`,
/// `/admin/versions`; the API: `/api/v1/reports/NAME`, `/api/v1/health`; `/login`, `/logout`. No route maps a
/// URL to a file: a path that names no page is a 404.
struct ConsoleRoutes: Sendable {
    let state: ConsoleState
    let persist: MemoryPersistDriver<ContinuousClock>

    /// Headers of every HTML page: no script may run (the pages have none), nothing is framed or sniffed.
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
        .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff", HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: pageHeaders, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The client's address for the access log and the login limiter: the peer's, or with `--behind-proxy` and a
    /// loopback peer, the last address of `X-Forwarded-For` (the one the proxy added; earlier ones are the
    /// client's word).
    func clientAddress(_ request: Request, _ context: ConsoleContext) -> String {
        guard state.options.behindProxy, context.address == "127.0.0.1" || context.address == "::1",
            let forwarded = request.headers[values: .init("X-Forwarded-For")!].last
        else { return context.address }
        let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let isAddress = !last.isEmpty && last.count <= 45 && last.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" }
        return isAddress ? last : context.address
    }

    func router() -> Router<ConsoleContext> {
        let router = Router(context: ConsoleContext.self)
        router.add(middleware: ConsoleNotFound())
        router.add(middleware: SessionMiddleware(storage: persist, configuration: .init(
            sessionCookieParameters: .init(name: "footfall_session", path: "/", secure: state.options.behindProxy, sameSite: .strict),
            defaultSessionExpiration: state.options.sessionIdle)))
        router.get("/api/v1/health") { _, _ -> Response in
            let store = Store(root: state.options.store).pinned()
            let body = "{\"status\": \"ok\", \"version\": " + (store.versionName.map(ConsoleJSON.string) ?? "null") + "}\n"
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/favicon.ico") { _, _ -> Response in Response(status: .noContent, headers: [.cacheControl: "max-age=86400"]) }
        router.get("/login") { request, context -> Response in
            let query = ConsoleQuery(queryString: request.uri.query ?? "")
            return loginPage(query: query, request: request, message: nil)
        }
        router.post("/login") { request, context -> Response in try await login(request, context) }
        router.post("/logout") { _, context -> Response in
            context.sessions.clearSession()
            return .redirect(to: "/login")
        }
        let signedIn = router.group().add(middleware: ConsoleAuthenticator(state: state))
        signedIn.get("/") { request, context -> Response in try await page("overview", request, context) }
        signedIn.get("/reports/:name") { request, context -> Response in
            try await page(try context.parameters.require("name"), request, context)
        }
        signedIn.get("/reports/:name/download") { request, context -> Response in
            try await download(try context.parameters.require("name"), request, context, api: false)
        }
        signedIn.get("/api/v1/reports/:name") { request, context -> Response in
            try await download(try context.parameters.require("name"), request, context, api: true)
        }
        signedIn.get("/admin/versions") { request, context -> Response in try await versions(request, context) }
        addAudienceRoutes(to: signedIn)
        return router
    }

    // MARK: - Logging in

    struct LoginForm: Decodable {
        var username: String
        var password: String
        var next: String?
    }

    /// Where a login may send the browser back to: a path of this console, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("\r"), !next.contains("\n") else { return "/" }
        return next
    }

    func loginPage(query: ConsoleQuery, request: Request, message: String?, status: HTTPResponse.Status = .ok) -> Response {
        let language = state.language(query: query, acceptLanguage: request.headers[.acceptLanguage])
        let text = ReportStyle.$current.withValue(ReportStyle(language: language)) { () -> String in
            var page = HTMLPage(title: "footfall — " + L("Log in"))
            var form = "<form class=\"login\" method=\"post\" action=\"/login\">"
            if let message { form += "<p class=\"error\">\(HTMLPage.escape(message))</p>" }
            form += "<input type=\"hidden\" name=\"next\" value=\"\(HTMLPage.escape(Self.safeNext(query["next"])))\">"
            form += "<p><label>\(HTMLPage.escape(L("user")))<br><input name=\"username\" autocomplete=\"username\" required autofocus></label></p>"
            form += "<p><label>\(HTMLPage.escape(L("password")))<br><input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label></p>"
            form += "<p><button type=\"submit\">\(HTMLPage.escape(L("Log in")))</button></p></form>"
            page.sections.append(form)
            return page.text.replacingOccurrences(of: "</style>", with: "p.error{color:#b91c1c;font-weight:600}form.login input{font-size:1rem;padding:4px;max-width:100%}</style>")
        }
        return Self.html(text, status: status)
    }

    func login(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let form: LoginForm
        do { form = try URLEncodedFormDecoder().decode(LoginForm.self, from: String(buffer: body)) } catch {
            return loginPage(query: ConsoleQuery(), request: request, message: L("Enter a user name and a password."), status: .badRequest)
        }
        let query = ConsoleQuery(values: ["next": Self.safeNext(form.next)])
        let address = clientAddress(request, context)
        if let wait = await state.limiter.wait(user: form.username, address: address) {
            var response = loginPage(query: query, request: request, message: L("Too many failed logins: try again in") + " \(wait / 60 + 1) min.", status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        guard let user = await state.users.verify(name: form.username, password: form.password) else {
            await state.limiter.failed(user: form.username, address: address)
            context.logger.notice("failed login", metadata: ["user": .string(form.username), "address": .string(address)])
            return loginPage(query: query, request: request, message: L("Wrong user name or password."), status: .unauthorized)
        }
        await state.limiter.succeeded(user: form.username, address: address)
        context.sessions.createSession(ConsoleSession(user: user.name), expiresIn: state.options.sessionIdle)
        context.logger.info("login", metadata: ["user": .string(user.name), "address": .string(address)])
        return .redirect(to: Self.safeNext(form.next))
    }

    // MARK: - Report pages

    /// The request's view state: its query without the download's `format`.
    static func viewQuery(_ request: Request) -> ConsoleQuery {
        ConsoleQuery(queryString: request.uri.query ?? "").setting("format", nil)
    }

    func style(_ language: ReportStyle.Language, path: String, query: ConsoleQuery, excel: Bool = false) -> ReportStyle {
        var style = ReportStyle(language: language, excel: excel)
        style.filterLink = { filter, value in ConsolePage.href(path, query.setting(filter, value)) }
        return style
    }

    func choices(_ runner: ReportRunner) -> ConsolePage.FilterChoices {
        var choices = ConsolePage.FilterChoices()
        choices.funnels = state.configuration?.funnels.map(\.name) ?? []
        if let configuration = state.configuration {
            var goals: [String] = []
            for rule in configuration.goals where !goals.contains(rule.name) { goals.append(rule.name) }
            let conversions = configuration.conversionGoals
            choices.goals = goals.filter(conversions.contains) + goals.filter { !conversions.contains($0) }
        }
        let stored = state.storedChoices(runner.store)
        choices.campaigns = stored.campaigns
        choices.genders = stored.genders
        return choices
    }

    /// Checks the role for `name`: `nil` when allowed, else the status to answer (404 for no such page).
    static func refusal(_ name: String, _ user: ConsoleUser) -> HTTPResponse.Status? {
        guard ReportRequest.reports.contains(name) else { return .notFound }
        return user.role >= ConsolePage.role(for: name) ? nil : .forbidden
    }

    /// Makes and renders a report off the event loop, or takes it from the cache (one version, one query: the same
    /// text); each view of a page with member ids is recorded in the access log, cached or not, before it is shown.
    func rendered(
        _ name: String, query: ConsoleQuery, runner: ReportRunner, format: ReportOutputFormat, style: ReportStyle, user: ConsoleUser,
        address: String, page: String
    ) async throws(ReportRunError) -> String {
        let storeLast = (try? runner.storeDays())?.upperBound
        var asked = try query.request(report: name, storeLast: storeLast)
        // The attribution page opens on the config's first conversion goal.
        if name == "attribution", asked.goal == nil, let configuration = state.configuration {
            let conversions = configuration.conversionGoals
            asked.goal = configuration.goals.first { conversions.contains($0.name) }?.name ?? configuration.goals.first?.name
        }
        let request = asked
        let redacting: Set<String> = name == "conversions" && user.role < .consultant ? ["new_member_ids", "first_contract_member_ids"] : []
        let key = ReportCache.Key(
            version: runner.store.versionName ?? "-", request: name + "?" + query.setting("lang", nil).queryString + (redacting.isEmpty ? "" : "&redacted"),
            format: format.rawValue + (style.excel ? "-excel" : ""), language: style.language.rawValue)
        let made = await state.cache.view(key) {
            do {
                return try await NIOThreadPool.singleton.runIfActive { () -> Result<ReportCache.View, ReportRunError> in
                    let result: ReportResult
                    do throws(ReportRunError) { result = try runner.run(request) } catch { return .failure(error) }
                    let text = ReportStyle.$current.withValue(style) { result.rendered(format, redacting: redacting) }
                    // Member ids where the view shows them: the conversions' only in JSON, and not a viewer's (removed).
                    let shows = redacting.isEmpty && (name != "conversions" || format == .json)
                    return .success(ReportCache.View(text: text, members: shows ? Self.members(shownBy: result, request: request) : []))
                }
            } catch {
                return .failure(ReportRunError(.store, "the server is shutting down"))
            }
        }
        let view = try made.get()
        let personal = ConsolePage.role(for: name) == .consultant || !view.members.isEmpty
        if personal {
            do { try await state.accessLog.record(user: user.name, address: address, page: page, members: view.members) } catch {
                throw ReportRunError(.store, "cannot write the access log of personal data (\(error)); nothing was shown")
            }
        }
        return view.text
    }

    /// The member ids a report shows.
    static func members(shownBy result: ReportResult, request: ReportRequest) -> [String] {
        if let watch = result.report as? RetentionWatchReport { return watch.rows.map(\.memberId) }
        if let conversions = result.report as? ConversionsReport { return conversions.joinedMembers + conversions.firstContracts }
        if request.name == "customer", let member = request.argument { return [member] }
        return []
    }

    func page(_ name: String, _ request: Request, _ context: ConsoleContext) async throws -> Response {
        let user = try context.requireIdentity()
        let query = Self.viewQuery(request)
        // The filter bar's form sends its empty fields too: answer with the view's own, shorter address.
        if let raw = request.uri.query, raw.split(separator: "&").contains(where: { $0.hasSuffix("=") || !$0.contains("=") }) {
            return .redirect(to: ConsolePage.href(request.uri.path, query))
        }
        let language = state.language(query: query, acceptLanguage: request.headers[.acceptLanguage])
        let path = name == "overview" ? "/" : "/reports/" + name
        let runner = state.runner()
        let frame = ConsolePage(user: user, path: path, report: name, query: query, choices: choices(runner), storeDays: try? runner.storeDays())
        let title = L(ConsolePage.titles[name] ?? name)
        if let refusal = Self.refusal(name, user) {
            let message = refusal == .forbidden ? L("Your role does not show this page.") : L("No such page.")
            return Self.html(ReportStyle.$current.withValue(ReportStyle(language: language)) { frame.render(error: message, title: title) }, status: refusal)
        }
        if name == "customer", query["arg"] == nil {
            let prompt = ReportStyle.$current.withValue(ReportStyle(language: language)) {
                frame.render(error: L("Enter a member id in the filter bar to open a customer's sheet."), title: L("Customer"))
            }
            return Self.html(prompt.replacingOccurrences(of: "<p class=\"error\">", with: "<p class=\"note\">"))
        }
        let pageStyle = style(language, path: path, query: query)
        let html: String
        do {
            html = try await rendered(name, query: query, runner: runner, format: .html, style: pageStyle, user: user, address: clientAddress(request, context), page: path)
        } catch {
            let status: HTTPResponse.Status = error.kind == .usage ? .badRequest : error.kind == .notFound ? .notFound : .internalServerError
            return Self.html(ReportStyle.$current.withValue(pageStyle) { frame.render(error: error.message, title: title) }, status: status)
        }
        return Self.html(ReportStyle.$current.withValue(pageStyle) { frame.render(reportHTML: html) })
    }

    /// A download (`format=csv|excel|json`) or the API's JSON: exactly what `footfall report … --format csv|json`
    /// prints for the same query (`--excel` for `excel`).
    func download(_ name: String, _ request: Request, _ context: ConsoleContext, api: Bool) async throws -> Response {
        let user = try context.requireIdentity()
        if let refusal = Self.refusal(name, user) {
            throw ConsoleAPIError(
                status: refusal, error: refusal == .forbidden ? "your role (\(user.role.rawValue)) does not show the \(name) report" : "no such report '\(name)'",
                hint: refusal == .forbidden ? "ask an admin for the consultant role" : "the reports: " + ReportRequest.reports.joined(separator: ", "))
        }
        let raw = ConsoleQuery(queryString: request.uri.query ?? "")
        let query = Self.viewQuery(request)
        let format = api ? "json" : raw["format"] ?? "csv"
        guard ["csv", "excel", "json"].contains(format) else {
            throw ConsoleAPIError(status: .badRequest, error: "format '\(format)' is not one of csv, excel, json", hint: nil)
        }
        let language = state.language(query: query, acceptLanguage: request.headers[.acceptLanguage])
        let runner = state.runner()
        let path = api ? "/api/v1/reports/" + name : "/reports/" + name + "/download"
        let output: ReportOutputFormat = format == "json" ? .json : .csv
        let text: String
        do {
            text = try await rendered(
                name, query: query, runner: runner, format: output, style: ReportStyle(language: language, excel: format == "excel"), user: user,
                address: clientAddress(request, context), page: path)
        } catch {
            let status: HTTPResponse.Status = error.kind == .usage ? .badRequest : error.kind == .notFound ? .notFound : .internalServerError
            throw ConsoleAPIError(status: status, error: error.message, hint: error.kind == .usage ? "the same values as footfall report's options; see docs/REPORTS.md" : nil)
        }
        var headers: HTTPFields = [.cacheControl: "no-store", HTTPField.Name("X-Content-Type-Options")!: "nosniff"]
        headers[.contentType] = output == .json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8"
        if !api {
            let file = "footfall-\(name)-\(query["from"] ?? query["preset"] ?? "all")-\(query["to"] ?? "").".replacingOccurrences(of: "-.", with: ".")
                + (output == .json ? "json" : "csv")
            headers[.contentDisposition] = "attachment; filename=\"\(file.filter { $0.isLetter || $0.isNumber || "-._".contains($0) })\""
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: (format == "excel" ? "\u{FEFF}" : "") + text)))
    }

    // MARK: - Admin

    /// The store's versions and what each day was ingested from (admin).
    func versions(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let user = try context.requireIdentity()
        let query = Self.viewQuery(request)
        let language = state.language(query: query, acceptLanguage: request.headers[.acceptLanguage])
        let runner = state.runner()
        let frame = ConsolePage(user: user, path: "/admin/versions", report: "versions", query: query, choices: choices(runner), storeDays: try? runner.storeDays())
        return ReportStyle.$current.withValue(ReportStyle(language: language)) { () -> Response in
            guard user.role >= .admin else { return Self.html(frame.render(error: L("Your role does not show this page."), title: L("Store versions")), status: .forbidden) }
            var page = HTMLPage(title: L("Store versions"))
            // The store-level commits kept (SPEC §16), newest first: the one this page reads, the ones --as-of can read.
            let versions = (try? runner.store.versions()) ?? []
            let current = runner.store.versionName
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            page.sections.append(HTMLPage.table(
                headers: [L("version"), L("state"), L("committed (UTC)"), L("days written"), L("Delta table versions")],
                rows: versions.map { version in
                    let state = version.name == current ? L("published") : version.readable ? L("readable (--as-of)") : L("files deleted after the retention")
                    let committed = version.createdMs.map { formatter.string(from: Date(timeIntervalSince1970: Double($0) / 1000)) } ?? "-"
                    // The tables' versions: one figure when they are all alike (as after each full ingest).
                    let distinct = Set(version.tables.values)
                    let tables = distinct.count == 1 ? "\(distinct.first!) (\(L("every table")))"
                        : version.tables.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    return [version.name, state, committed, version.daysWritten.joined(separator: ", "), tables]
                }))
            if let manifest = try? runner.store.manifest() {
                let rows = manifest.days.sorted { $0.key > $1.key }.map { day, figures in
                    [day, figures.writtenBy, PeopleNumbers.count(figures.visits), PeopleNumbers.count(figures.pageViews), PeopleNumbers.count(figures.hits),
                     figures.sources.map { ($0.file as NSString).lastPathComponent }.joined(separator: ", ")]
                }
                page.sections.append("<h2>\(HTMLPage.escape(L("Ingest history")))</h2>" + HTMLPage.table(
                    headers: [L("day"), L("written by"), L("visits"), L("page views"), L("hits"), L("log files")], rows: rows, numericColumns: [2, 3, 4]))
            }
            return Self.html(frame.render(reportHTML: page.text))
        }
    }
}

/// Signs requests in: an API token (`Authorization: Bearer …`) or the browser's session; without either, the API
/// answers 401 and a page sends the browser to the login page. A session's idle time restarts with each request.
struct ConsoleAuthenticator: RouterMiddleware {
    typealias Context = ConsoleContext
    let state: ConsoleState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let api = request.uri.path.hasPrefix("/api/")
        if let token = request.headers.bearer?.token {
            guard let user = await state.users.verify(token: token) else {
                throw ConsoleAPIError(status: .unauthorized, error: "the API token is not valid", hint: "make one with: footfall users token NAME --users users.toml")
            }
            context.identity = user
        } else if let session = context.sessions.session, let user = await state.users.user(named: session.user) {
            context.identity = user
            _ = context.sessions.updateSession(session, expiresIn: state.options.sessionIdle)
        }
        guard context.identity != nil else {
            if api {
                throw ConsoleAPIError(status: .unauthorized, error: "sign in: an API token in Authorization: Bearer …, or a browser session", hint: "footfall users token NAME --users users.toml prints a token")
            }
            let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return .redirect(to: "/login?next=" + ConsoleQuery.encode(ConsoleRoutes.safeNext(target)))
        }
        return try await next(request, context)
    }
}

/// Unknown paths (and `..` or encoded slashes, which name no page): a 404 page, or JSON under `/api/`.
struct ConsoleNotFound: RouterMiddleware {
    typealias Context = ConsoleContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            if request.uri.path.hasPrefix("/api/") {
                return try ConsoleAPIError(status: .notFound, error: "no such API route", hint: "GET /api/v1/reports/NAME or /api/v1/health")
                    .response(from: request, context: context)
            }
            var page = HTMLPage(title: "404")
            page.sections.append("<p>No such page. <a href=\"/\">footfall</a></p>")
            return ConsoleRoutes.html(page.text, status: .notFound)
        }
    }
}
