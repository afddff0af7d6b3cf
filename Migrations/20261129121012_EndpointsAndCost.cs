using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations
{
    /// <inheritdoc />
    public partial class EndpointsAndCost : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "billed_seconds",
                table: "executions",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "cost_usd",
                table: "executions",
                type: "numeric(18,9)",
                precision: 18,
                scale: 9,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "billed_seconds",
                table: "executions");

            migrationBuilder.DropColumn(
                name: "cost_usd",
                table: "executions");
        }
    }
}
