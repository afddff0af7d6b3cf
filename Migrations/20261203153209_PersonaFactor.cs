using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations
{
    /// <inheritdoc />
    public partial class PersonaFactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_executions_job_id_question_id_model_id_region_repeat_index",
                table: "executions");

            // Existing jobs named no personas: matched only, which the empty list means.
            migrationBuilder.AddColumn<List<string>>(
                name: "personas",
                table: "jobs",
                type: "text[]",
                nullable: false,
                defaultValueSql: "ARRAY[]::text[]");

            // Every existing cell ran with its serving region's own persona: persona = region, then required.
            migrationBuilder.AddColumn<string>(
                name: "persona",
                table: "executions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.Sql("UPDATE executions SET persona = region;");

            migrationBuilder.AlterColumn<string>(
                name: "persona",
                table: "executions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_executions_cell_key",
                table: "executions",
                columns: new[] { "job_id", "question_id", "model_id", "region", "persona", "repeat_index" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_executions_cell_key",
                table: "executions");

            migrationBuilder.DropColumn(
                name: "personas",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "persona",
                table: "executions");

            migrationBuilder.CreateIndex(
                name: "ix_executions_job_id_question_id_model_id_region_repeat_index",
                table: "executions",
                columns: new[] { "job_id", "question_id", "model_id", "region", "repeat_index" },
                unique: true);
        }
    }
}
