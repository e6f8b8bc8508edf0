using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MonitorHub.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class PinnedMetrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Pinned",
                table: "metric_definitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Pinned",
                table: "metric_definitions");
        }
    }
}
