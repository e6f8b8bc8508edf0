using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MonitorHub.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class PredictionRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_predictions_Model_PredictionId",
                table: "predictions");

            migrationBuilder.AddColumn<string>(
                name: "Role",
                table: "predictions",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "live");

            migrationBuilder.AddColumn<string>(
                name: "Shadow",
                table: "analysis_runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "automation_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SystemId = table.Column<int>(type: "INTEGER", nullable: false),
                    AtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    From = table.Column<int>(type: "INTEGER", nullable: false),
                    To = table.Column<int>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_automation_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_automation_changes_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_predictions_Model_PredictionId_Role_Version",
                table: "predictions",
                columns: new[] { "Model", "PredictionId", "Role", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_automation_changes_SystemId_AtMs",
                table: "automation_changes",
                columns: new[] { "SystemId", "AtMs" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "automation_changes");

            migrationBuilder.DropIndex(
                name: "IX_predictions_Model_PredictionId_Role_Version",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "Role",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "Shadow",
                table: "analysis_runs");

            migrationBuilder.CreateIndex(
                name: "IX_predictions_Model_PredictionId",
                table: "predictions",
                columns: new[] { "Model", "PredictionId" },
                unique: true);
        }
    }
}
