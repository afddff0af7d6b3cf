using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations
{
    /// <inheritdoc />
    public partial class NewJob : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "owner_id",
                table: "question_sets",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "shared_with_everyone",
                table: "question_sets",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_question_sets_owner_id",
                table: "question_sets",
                column: "owner_id");

            // Decision 0020. Sets imported by a user who still exists become that user's own, private like every new
            // import (the owner can share them on the Datasets page). Sets imported before accounts (imported_by 'local'
            // or anyone who has no account) belong to nobody and stay shared with everyone, as they always were; only an
            // administrator can change them.
            migrationBuilder.Sql("""
                UPDATE question_sets s SET owner_id = u.id
                FROM users u WHERE u.normalized_email = upper(s.imported_by);
                UPDATE question_sets SET shared_with_everyone = true WHERE owner_id IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_question_sets_owner_id",
                table: "question_sets");

            migrationBuilder.DropColumn(
                name: "owner_id",
                table: "question_sets");

            migrationBuilder.DropColumn(
                name: "shared_with_everyone",
                table: "question_sets");
        }
    }
}
