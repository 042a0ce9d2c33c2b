import Foundation
import FootfallStore
import Hummingbird
import HummingbirdAuth
import HTTPTypes
import NIOCore
import NIOPosix
import Reports
import SiteConfig

/// The named audiences of site.toml in the console (SPEC §13, §15): `/audiences` lists them with their counts for
/// every role; `/audiences/NAME` shows the member list to consultants and admins (each view recorded in the
/// access log before it is sent), with CSV and JSON downloads equal to `footfall audience NAME`.
extension ConsoleRoutes {
    func addAudienceRoutes(to group: RouterGroup<ConsoleContext>) {
        group.get("/audiences") { request, context -> Response in try await audiences(request, context) }
        // A name is percent-encoded in its link (Korean names, spaces): the route's parameter is not decoded.
        group.get("/audiences/:name") { request, context -> Response in
            let name = try context.parameters.require("name")
            return try await audience(name.removingPercentEncoding ?? name, request, context, download: false)
        }
        group.get("/audiences/:name/download") { request, context -> Response in
            let name = try context.parameters.require("name")
            return try await audience(name.removingPercentEncoding ?? name, request, context, download: true)
        }
    }

    /// The audience `name` over the view's range, from the cache or made off the event loop.
    func madeAudience(_ name: String, query: ConsoleQuery, runner: ReportRunner, format: String, style: ReportStyle) async throws(ReportRunError) -> ReportCache.View {
        let storeLast = (try? runner.storeDays())?.upperBound
        let range = try query.request(report: "overview", storeLast: storeLast)
        var request = AudienceRequest(name: name)
        (request.from, request.to) = (range.from, range.to)
        let key = ReportCache.Key(
            version: runner.store.versionName ?? "-", request: "audience:" + name + "?" + query.setting("lang", nil).queryString,
            format: format, language: style.language.rawValue)
        let asked = request
        let made = await state.cache.view(key) {
            do {
                return try await NIOThreadPool.singleton.runIfActive { () -> Result<ReportCache.View, ReportRunError> in
                    let audience: Audience
                    do throws(ReportRunError) { audience = try runner.audience(asked).audience } catch { return .failure(error) }
                    let text: String
                    switch format {
                    case "count": text = String(audience.rows.count)
                    case "json": text = audience.jsonText
                    case "csv": text = audience.csvText
                    default: text = ReportStyle.$current.withValue(style) { audience.htmlText }
                    }
                    return .success(ReportCache.View(text: text, members: format == "count" ? [] : audience.rows.map(\.memberId)))
                }
            } catch {
                return .failure(ReportRunError(.store, "the server is shutting down"))
            }
        }
        return try made.get()
    }

    /// The list of named audiences with their counts (every role).
    func audiences(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let user = try context.requireIdentity()
        let query = Self.viewQuery(request)
        let language = state.language(query: query, acceptLanguage: request.headers[.acceptLanguage])
        let runner = state.runner()
        let frame = ConsolePage(user: user, path: "/audiences", report: "audiences", query: query, choices: choices(runner), storeDays: try? runner.storeDays())
        let style = ReportStyle(language: language)
        var rows: [[String]] = []
        var links: [String] = []
        for definition in state.configuration?.audiences ?? [] {
            let count: String
            do { count = PeopleNumbers.count(Int(try await madeAudience(definition.name, query: query, runner: runner, format: "count", style: style).text) ?? 0) } catch {
                count = error.message
            }
            rows.append([definition.name, definition.description ?? "", count])
            links.append(ConsolePage.href("/audiences/" + ConsoleQuery.encode(definition.name), frame.carried))
        }
        return ReportStyle.$current.withValue(style) { () -> Response in
            var page = HTMLPage(title: L("Audiences"))
            if rows.isEmpty {
                page.sections.append("<p class=\"note\">" + HTMLPage.escape(L("site.toml names no audiences ([[audiences]]); see docs/AUDIENCES.md")) + "</p>")
            } else {
                // The names link to the lists for the roles that may see them (the cells written here, escaped).
                let headers = [L("name"), L("description"), L("members")]
                var table = "<div class=\"scroll\"><table class=\"cards\"><thead><tr><th>\(HTMLPage.escape(headers[0]))</th><th>"
                    + "\(HTMLPage.escape(headers[1]))</th><th class=\"n\">\(HTMLPage.escape(headers[2]))</th></tr></thead><tbody>"
                for (row, link) in zip(rows, links) {
                    let name = user.role >= .consultant ? "<a href=\"\(HTMLPage.escape(link))\">\(HTMLPage.escape(row[0]))</a>" : HTMLPage.escape(row[0])
                    table += "<tr><td data-label=\"\(HTMLPage.escape(headers[0]))\">\(name)</td><td data-label=\"\(HTMLPage.escape(headers[1]))\">"
                        + "\(HTMLPage.escape(row[1]))</td><td class=\"n\" data-label=\"\(HTMLPage.escape(headers[2]))\">\(HTMLPage.escape(row[2]))</td></tr>"
                }
                page.sections.append(table + "</tbody></table></div>")
            }
            return Self.html(frame.render(reportHTML: page.text))
        }
    }

    /// One audience's member list (consultant, admin), as a page or a download.
    func audience(_ name: String, _ request: Request, _ context: ConsoleContext, download: Bool) async throws -> Response {
        let user = try context.requireIdentity()
        let query = Self.viewQuery(request)
        let language = state.language(query: query, acceptLanguage: request.headers[.acceptLanguage])
        let runner = state.runner()
        let path = "/audiences/" + name
        let frame = ConsolePage(user: user, path: path, report: "audiences", query: query, choices: choices(runner), storeDays: try? runner.storeDays())
        let style = ReportStyle(language: language)
        guard state.configuration?.audiences.contains(where: { $0.name == name }) == true else {
            return Self.html(ReportStyle.$current.withValue(style) { frame.render(error: L("No such page."), title: L("Audiences")) }, status: .notFound)
        }
        guard user.role >= .consultant else {
            return Self.html(ReportStyle.$current.withValue(style) { frame.render(error: L("Your role does not show this page."), title: L("Audiences")) }, status: .forbidden)
        }
        let format = download ? (ConsoleQuery(queryString: request.uri.query ?? "")["format"] ?? "csv") : "html"
        guard !download || ["csv", "json"].contains(format) else {
            throw ConsoleAPIError(status: .badRequest, error: "format '\(format)' is not one of csv, json", hint: nil)
        }
        let view: ReportCache.View
        do {
            view = try await madeAudience(name, query: query, runner: runner, format: format, style: style)
        } catch {
            let status: HTTPResponse.Status = error.kind == .usage ? .badRequest : error.kind == .notFound ? .notFound : .internalServerError
            return Self.html(ReportStyle.$current.withValue(style) { frame.render(error: error.message, title: L("Audiences")) }, status: status)
        }
        do {
            try await state.accessLog.record(user: user.name, address: clientAddress(request, context), page: path + (download ? "/download" : ""), members: view.members)
        } catch {
            return Self.html("cannot write the access log of personal data; nothing was shown", status: .internalServerError)
        }
        guard download else { return Self.html(ReportStyle.$current.withValue(style) { frame.render(reportHTML: view.text) }) }
        var headers: HTTPFields = [.cacheControl: "no-store", HTTPField.Name("X-Content-Type-Options")!: "nosniff"]
        headers[.contentType] = format == "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"audience-\(name.filter { $0.isLetter || $0.isNumber || "-_".contains($0) }).\(format)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: view.text)))
    }
}
