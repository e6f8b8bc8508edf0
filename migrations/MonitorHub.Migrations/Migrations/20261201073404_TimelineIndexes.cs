using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MonitorHub.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class TimelineIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_versions_EntityType_AtMs",
                table: "versions",
                columns: new[] { "EntityType", "AtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_silences_StartsAtMs",
                table: "silences",
                column: "StartsAtMs");

            migrationBuilder.CreateIndex(
                name: "IX_notifications_CreatedAtMs",
                table: "notifications",
                column: "CreatedAtMs");

            migrationBuilder.CreateIndex(
                name: "IX_detector_events_AtMs",
                table: "detector_events",
                column: "AtMs");

            migrationBuilder.CreateIndex(
                name: "IX_deployment_decisions_AtMs",
                table: "deployment_decisions",
                column: "AtMs");

            migrationBuilder.CreateIndex(
                name: "IX_automation_changes_AtMs",
                table: "automation_changes",
                column: "AtMs");

            migrationBuilder.CreateIndex(
                name: "IX_alarm_events_AtMs",
                table: "alarm_events",
                column: "AtMs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_versions_EntityType_AtMs",
                table: "versions");

            migrationBuilder.DropIndex(
                name: "IX_silences_StartsAtMs",
                table: "silences");

            migrationBuilder.DropIndex(
                name: "IX_notifications_CreatedAtMs",
                table: "notifications");

            migrationBuilder.DropIndex(
                name: "IX_detector_events_AtMs",
                table: "detector_events");

            migrationBuilder.DropIndex(
                name: "IX_deployment_decisions_AtMs",
                table: "deployment_decisions");

            migrationBuilder.DropIndex(
                name: "IX_automation_changes_AtMs",
                table: "automation_changes");

            migrationBuilder.DropIndex(
                name: "IX_alarm_events_AtMs",
                table: "alarm_events");
        }
    }
}
