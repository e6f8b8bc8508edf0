using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MonitorHub.Migrations.Migrations
{
    /// <summary>
    /// Adds the five-minute rollup tier, a WITHOUT ROWID table clustered on (series, period) like the other
    /// tiers (see <c>RollupsWithoutRowid</c>; EF Core has no model setting for it, so this is SQL). A 24-hour
    /// chart's five-minute buckets read one row each instead of five minutes. Existing minutes are rolled
    /// into it once at start-up, after this migration (<c>RollupBackfill</c>).
    /// </summary>
    public partial class FiveMinuteRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                "CREATE TABLE \"rollups_5m\" (\"SeriesId\" INTEGER NOT NULL, \"FiveMinute\" INTEGER NOT NULL, \"Count\" INTEGER NOT NULL, " +
                "\"Sum\" REAL NOT NULL, \"Min\" REAL NOT NULL, \"Max\" REAL NOT NULL, \"Sketch\" BLOB NOT NULL, " +
                "CONSTRAINT \"PK_rollups_5m\" PRIMARY KEY (\"SeriesId\", \"FiveMinute\")) WITHOUT ROWID;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rollups_5m");
        }
    }
}
