public import ArgumentParser
import Foundation
public import Reports

extension Footfall {
    /// `footfall sql`: the query of a report for DuckDB, Spark or Trino (SPEC §16).
    struct SQL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Print one SQL query whose result holds a report's figures, over the store's Delta Lake tables (or, with --parquet, their Parquet files), for DuckDB, Spark or Trino.",
            discussion: "The report's options and filters are those of footfall report; the range is cut to the store's days as the report's is. Result shapes: SQLTemplates/README.md; setup of the engines: docs/STORE.md.")

        @OptionGroup var selection: ReportSelection

        @Option(help: "duckdb, spark or trino.")
        var dialect: ReportSQL.Dialect = .duckdb

        @Flag(help: "Name the Parquet files of the version instead of the Delta tables (DuckDB read_parquet, Spark parquet.`…`), for an engine without Delta Lake.")
        var parquet = false

        @Option(help: "trino: the catalog of the tables.")
        var catalog = "delta"

        @Option(help: "trino: the schema of the tables (customers and campaign_costs too).")
        var schema = "footfall"

        func validate() throws {
            do { try selection.request.validate() } catch { throw ValidationError(error.message) }
            if parquet, dialect == .trino { throw ValidationError("--parquet is for duckdb and spark; Trino reads the tables of its catalog") }
        }

        func run() throws {
            try reportingFailures {
                let runner = try selection.runner()
                let sql = ReportSQL(runner: runner, options: ReportSQL.Options(dialect: dialect, parquet: parquet, catalog: catalog, schema: schema))
                do {
                    print(try sql.query(for: selection.request), terminator: "")
                } catch let error as ReportRunError {
                    throw CommandFailure(message: error.message, exitCode: error.kind == .store ? 2 : 64)
                }
            }
        }
    }
}

extension ReportSQL.Dialect: ArgumentParser.ExpressibleByArgument {}
