using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Beacon.Migrations
{
    /// <inheritdoc />
    public partial class Review : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "job_id",
                table: "review_items",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "evaluation_labels",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    question = table.Column<string>(type: "text", nullable: false),
                    answer = table.Column<string>(type: "text", nullable: false),
                    language = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    model = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    region = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    human_class = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reviewer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    labelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    exported_class = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    exported_version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    imported_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_labels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "review_sample_jobs",
                columns: table => new
                {
                    sample_id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_sample_jobs", x => new { x.sample_id, x.job_id });
                    table.ForeignKey(
                        name: "fk_review_sample_jobs_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_review_sample_jobs_review_samples_sample_id",
                        column: x => x.sample_id,
                        principalTable: "review_samples",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // A sample's job moves to review_sample_jobs (a sample may now span several jobs), each item records its job, and
            // each stored stratum key gets its job, so samples drawn before keep their labels and estimates.
            migrationBuilder.Sql("""
                INSERT INTO review_sample_jobs (sample_id, job_id) SELECT id, job_id FROM review_samples;
                UPDATE review_items i SET job_id = s.job_id FROM review_samples s WHERE s.id = i.sample_id;
                UPDATE review_samples s SET strata = (
                    SELECT COALESCE(jsonb_agg(jsonb_set(x, '{key,job}', to_jsonb(s.job_id))), '[]'::jsonb) FROM jsonb_array_elements(s.strata) AS x);
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_review_samples_jobs_job_id",
                table: "review_samples");

            migrationBuilder.DropIndex(
                name: "ix_review_samples_job_id_created_at",
                table: "review_samples");

            migrationBuilder.DropColumn(
                name: "job_id",
                table: "review_samples");

            migrationBuilder.CreateIndex(
                name: "ix_review_samples_created_at",
                table: "review_samples",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_review_items_job_id_sample_id",
                table: "review_items",
                columns: new[] { "job_id", "sample_id" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_labels_key",
                table: "evaluation_labels",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_review_sample_jobs_job_id",
                table: "review_sample_jobs",
                column: "job_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "evaluation_labels");

            migrationBuilder.DropIndex(
                name: "ix_review_samples_created_at",
                table: "review_samples");

            migrationBuilder.DropIndex(
                name: "ix_review_items_job_id_sample_id",
                table: "review_items");

            migrationBuilder.DropColumn(
                name: "job_id",
                table: "review_items");

            migrationBuilder.AddColumn<Guid>(
                name: "job_id",
                table: "review_samples",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            // A sample of several jobs goes back to the first of them.
            migrationBuilder.Sql("UPDATE review_samples s SET job_id = (SELECT j.job_id FROM review_sample_jobs j WHERE j.sample_id = s.id ORDER BY j.job_id LIMIT 1);");

            migrationBuilder.DropTable(
                name: "review_sample_jobs");

            migrationBuilder.CreateIndex(
                name: "ix_review_samples_job_id_created_at",
                table: "review_samples",
                columns: new[] { "job_id", "created_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_review_samples_jobs_job_id",
                table: "review_samples",
                column: "job_id",
                principalTable: "jobs",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
