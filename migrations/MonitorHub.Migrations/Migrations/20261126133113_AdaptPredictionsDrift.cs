using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MonitorHub.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class AdaptPredictionsDrift : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "detectors",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Definition = table.Column<string>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: true),
                    CursorMs = table.Column<long>(type: "INTEGER", nullable: false),
                    CursorId = table.Column<long>(type: "INTEGER", nullable: false),
                    Processed = table.Column<long>(type: "INTEGER", nullable: false),
                    Detections = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_detectors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "drift_references",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    FromMs = table.Column<long>(type: "INTEGER", nullable: true),
                    ToMs = table.Column<long>(type: "INTEGER", nullable: true),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Columns = table.Column<string>(type: "TEXT", nullable: false),
                    Profile = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drift_references", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "failure_modes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    SystemId = table.Column<int>(type: "INTEGER", nullable: true),
                    ComponentId = table.Column<int>(type: "INTEGER", nullable: true),
                    Likelihood = table.Column<int>(type: "INTEGER", nullable: false),
                    Impact = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    MetricKeys = table.Column<string>(type: "TEXT", nullable: false),
                    RuleIds = table.Column<string>(type: "TEXT", nullable: false),
                    Template = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_failure_modes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_failure_modes_components_ComponentId",
                        column: x => x.ComponentId,
                        principalTable: "components",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_failure_modes_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

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

            migrationBuilder.CreateTable(
                name: "system_checklists",
                columns: table => new
                {
                    SystemId = table.Column<int>(type: "INTEGER", nullable: false),
                    Definition = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_system_checklists", x => x.SystemId);
                    table.ForeignKey(
                        name: "FK_system_checklists_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EntityKey = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Snapshot = table.Column<string>(type: "TEXT", nullable: false),
                    AtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Author = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "detector_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DetectorId = table.Column<int>(type: "INTEGER", nullable: false),
                    AtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_detector_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_detector_events_detectors_DetectorId",
                        column: x => x.DetectorId,
                        principalTable: "detectors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "drift_monitors",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    ReferenceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Definition = table.Column<string>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    NextRunAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    LastRunAtMs = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drift_monitors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_drift_monitors_drift_references_ReferenceId",
                        column: x => x.ReferenceId,
                        principalTable: "drift_references",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "drift_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MonitorId = table.Column<int>(type: "INTEGER", nullable: false),
                    AtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    WindowFromMs = table.Column<long>(type: "INTEGER", nullable: true),
                    WindowToMs = table.Column<long>(type: "INTEGER", nullable: true),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Share = table.Column<double>(type: "REAL", nullable: false),
                    DatasetDrift = table.Column<bool>(type: "INTEGER", nullable: false),
                    Tested = table.Column<int>(type: "INTEGER", nullable: false),
                    Drifted = table.Column<int>(type: "INTEGER", nullable: false),
                    Columns = table.Column<string>(type: "TEXT", nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drift_runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_drift_runs_drift_monitors_MonitorId",
                        column: x => x.MonitorId,
                        principalTable: "drift_monitors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_detector_events_DetectorId_AtMs",
                table: "detector_events",
                columns: new[] { "DetectorId", "AtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_drift_monitors_Model",
                table: "drift_monitors",
                column: "Model");

            migrationBuilder.CreateIndex(
                name: "IX_drift_monitors_ReferenceId",
                table: "drift_monitors",
                column: "ReferenceId");

            migrationBuilder.CreateIndex(
                name: "IX_drift_references_Model",
                table: "drift_references",
                column: "Model");

            migrationBuilder.CreateIndex(
                name: "IX_drift_runs_MonitorId_AtMs",
                table: "drift_runs",
                columns: new[] { "MonitorId", "AtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_failure_modes_ComponentId",
                table: "failure_modes",
                column: "ComponentId");

            migrationBuilder.CreateIndex(
                name: "IX_failure_modes_SystemId",
                table: "failure_modes",
                column: "SystemId");

            migrationBuilder.CreateIndex(
                name: "IX_models_SystemId",
                table: "models",
                column: "SystemId");

            migrationBuilder.CreateIndex(
                name: "IX_predictions_Model_LabelledAtMs",
                table: "predictions",
                columns: new[] { "Model", "LabelledAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_predictions_Model_PredictionId",
                table: "predictions",
                columns: new[] { "Model", "PredictionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_predictions_Model_Ts",
                table: "predictions",
                columns: new[] { "Model", "Ts" });

            migrationBuilder.CreateIndex(
                name: "IX_versions_EntityType_EntityKey_Version",
                table: "versions",
                columns: new[] { "EntityType", "EntityKey", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "detector_events");

            migrationBuilder.DropTable(
                name: "drift_runs");

            migrationBuilder.DropTable(
                name: "failure_modes");

            migrationBuilder.DropTable(
                name: "models");

            migrationBuilder.DropTable(
                name: "predictions");

            migrationBuilder.DropTable(
                name: "system_checklists");

            migrationBuilder.DropTable(
                name: "versions");

            migrationBuilder.DropTable(
                name: "detectors");

            migrationBuilder.DropTable(
                name: "drift_monitors");

            migrationBuilder.DropTable(
                name: "drift_references");
        }
    }
}
