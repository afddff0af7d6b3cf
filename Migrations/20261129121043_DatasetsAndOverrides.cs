using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations
{
    /// <inheritdoc />
    public partial class DatasetsAndOverrides : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "position",
                table: "questions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "question_set_id",
                table: "questions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "override_at",
                table: "executions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "override_by",
                table: "executions",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "override_class",
                table: "executions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "override_note",
                table: "executions",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "question_sets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    slug = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    licence = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: true),
                    row_count = table.Column<int>(type: "integer", nullable: false),
                    duplicates_skipped = table.Column<int>(type: "integer", nullable: false),
                    imported_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_question_sets", x => x.id);
                });

            migrationBuilder.UpdateData(
                table: "questions",
                keyColumn: "id",
                keyValue: "geography_basic",
                columns: new[] { "position", "question_set_id" },
                values: new object[] { null, null });

            migrationBuilder.UpdateData(
                table: "questions",
                keyColumn: "id",
                keyValue: "greatest_invention",
                columns: new[] { "position", "question_set_id" },
                values: new object[] { null, null });

            migrationBuilder.UpdateData(
                table: "questions",
                keyColumn: "id",
                keyValue: "greatest_leader",
                columns: new[] { "position", "question_set_id" },
                values: new object[] { null, null });

            migrationBuilder.UpdateData(
                table: "questions",
                keyColumn: "id",
                keyValue: "hongkong_2019",
                columns: new[] { "position", "question_set_id" },
                values: new object[] { null, null });

            migrationBuilder.UpdateData(
                table: "questions",
                keyColumn: "id",
                keyValue: "identity_basic",
                columns: new[] { "position", "question_set_id" },
                values: new object[] { null, null });

            migrationBuilder.UpdateData(
                table: "questions",
                keyColumn: "id",
                keyValue: "math_basic",
                columns: new[] { "position", "question_set_id" },
                values: new object[] { null, null });

            migrationBuilder.UpdateData(
                table: "questions",
                keyColumn: "id",
                keyValue: "taiwan_status",
                columns: new[] { "position", "question_set_id" },
                values: new object[] { null, null });

            migrationBuilder.UpdateData(
                table: "questions",
                keyColumn: "id",
                keyValue: "tiananmen_neutral",
                columns: new[] { "position", "question_set_id" },
                values: new object[] { null, null });

            migrationBuilder.CreateIndex(
                name: "ix_questions_question_set_id_position",
                table: "questions",
                columns: new[] { "question_set_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_question_sets_imported_at",
                table: "question_sets",
                column: "imported_at");

            migrationBuilder.CreateIndex(
                name: "ix_question_sets_name",
                table: "question_sets",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_question_sets_slug",
                table: "question_sets",
                column: "slug",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_questions_question_sets_question_set_id",
                table: "questions",
                column: "question_set_id",
                principalTable: "question_sets",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_questions_question_sets_question_set_id",
                table: "questions");

            migrationBuilder.DropTable(
                name: "question_sets");

            migrationBuilder.DropIndex(
                name: "ix_questions_question_set_id_position",
                table: "questions");

            migrationBuilder.DropColumn(
                name: "position",
                table: "questions");

            migrationBuilder.DropColumn(
                name: "question_set_id",
                table: "questions");

            migrationBuilder.DropColumn(
                name: "override_at",
                table: "executions");

            migrationBuilder.DropColumn(
                name: "override_by",
                table: "executions");

            migrationBuilder.DropColumn(
                name: "override_class",
                table: "executions");

            migrationBuilder.DropColumn(
                name: "override_note",
                table: "executions");
        }
    }
}
