using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MonitorHub.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Predictions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "models",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SystemId = table.Column<int>(type: "INTEGER", nullable: true),
                    SamplingRate = table.Column<double>(type: "REAL", nullable: false),
                    RetentionDays = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAtMs = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_models", x => x.Name);
                    table.ForeignKey(
                        name: "FK_models_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "predictions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Model = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PredictionId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<string>(type: "TEXT", nullable: false),
                    Ts = table.Column<long>(type: "INTEGER", nullable: false),
                    Features = table.Column<string>(type: "TEXT", nullable: false),
                    OutputText = table.Column<string>(type: "TEXT", nullable: true),
                    OutputNumber = table.Column<double>(type: "REAL", nullable: true),
                    Score = table.Column<double>(type: "REAL", nullable: true),
                    LatencyMs = table.Column<double>(type: "REAL", nullable: true),
                    ContentHash = table.Column<string>(type: "TEXT", nullable: false),
                    LabelText = table.Column<string>(type: "TEXT", nullable: true),
                    LabelNumber = table.Column<double>(type: "REAL", nullable: true),
                    LabelledAtMs = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_predictions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_models_SystemId",
                table: "models",
                column: "SystemId");

            migrationBuilder.CreateIndex(
                name: "IX_predictions_Model_PredictionId",
                table: "predictions",
                columns: new[] { "Model", "PredictionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_predictions_Model_Ts",
                table: "predictions",
                columns: new[] { "Model", "Ts" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "models");

            migrationBuilder.DropTable(
                name: "predictions");
        }
    }
}
