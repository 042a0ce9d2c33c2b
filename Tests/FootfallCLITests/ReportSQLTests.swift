import Foundation
import Testing
import TestScratch

/// SPEC §16: `footfall sql` prints, for every report with a template, one query in each dialect with every
/// placeholder filled; DuckDB runs every `--dialect duckdb --parquet` query on the sample store and gets footfall's
/// figures (`Scripts/report_sql_check.py`, 78 cases). Spark runs them in `.ci/run` (`Scripts/spark_check.sh`).
@Suite("footfall sql")
struct ReportSQLTests {
    static let reports = ["overview", "segments", "profile", "groups", "pages", "funnel", "campaigns", "paths", "referrers", "logins",
                          "customer", "conversions", "retention-watch", "hours", "status", "bots", "cohorts", "attribution", "funnel-window"]

    static func arguments(_ report: String) -> [String] {
        switch report {
        case "funnel": ["funnel", "insurance_signup"]
        case "customer": ["customer", "M800023"]
        case "cohorts": ["cohorts", "--by", "week"]
        case "attribution": ["attribution", "--goal", "signup_complete"]
        case "funnel-window": ["funnel", "insurance_signup", "--window", "7"]
        default: [report]
        }
    }

    @Test(arguments: ["duckdb", "spark", "trino"])
    func everyReportHasOneQueryWithEveryPlaceholderFilled(dialect: String) throws {
        for report in Self.reports {
            for parquet in dialect == "trino" ? [false] : [false, true] {
                let result = try CommandRunner.footfall(
                    ["sql"] + Self.arguments(report) + ["--store", StoreDamageTests.template, "--config", IngestCrashTests.config, "--dialect", dialect,
                                                        "--segment", "member"] + (parquet ? ["--parquet"] : []))
                #expect(result.exitCode == 0, "\(report) \(dialect): \(result.standardError)")
                #expect(!result.standardOutput.contains("{{"), "\(report) \(dialect)")
                // The filter is in the query, but where footfall takes none (the customer sheet, status, bots).
                let takesFilters = !["customer", "status", "bots"].contains(report)
                #expect(result.standardOutput.contains("segment = 'member'") == takesFilters, "\(report) \(dialect)")
                // One statement: no semicolon ends one before the last line.
                #expect(!result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).dropLast().contains(";\n"), "\(report) \(dialect)")
            }
        }
    }

    @Test func theTemplatesCompiledInAreTheOnesInSQLTemplates() throws {
        let (_, status, error) = try PythonCompare.run(
            "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
            [CommandRunner.repositoryRoot.appendingPathComponent("Scripts/embed_sql_templates.py").path, "--check"])
        #expect(status == 0, "\(error)")
    }

    @Test func aComparisonIsAUsageError() throws {
        let result = try CommandRunner.footfall(["sql", "overview", "--compare", "previous", "--store", StoreDamageTests.template, "--config", IngestCrashTests.config])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("Unknown option '--compare'"), "\(result.standardError)")
    }

    @Test(.enabled(if: PythonCompare.canImport("duckdb")))
    func duckDBGetsFootfallsFiguresFromEveryQuery() throws {
        let (out, status, error) = try PythonCompare.run(
            "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
            [CommandRunner.repositoryRoot.appendingPathComponent("Scripts/report_sql_check.py").path, "--engine", "duckdb", "--footfall-sql", "--parquet",
             "--binary", CommandRunner.productsDirectory.appendingPathComponent("footfall").path, "--store", StoreDamageTests.template,
             "--config", IngestCrashTests.config])
        #expect(status == 0, "\(out.suffix(3000))\(error.suffix(2000))")
        #expect(out.contains("78 of 78 agree"), "\(out.suffix(500))")
    }
}
