using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MonitorHub.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DeploymentWebhookSecret : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WebhookSecret",
                table: "deployments",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WebhookSecret",
                table: "deployments");
        }
    }
}
