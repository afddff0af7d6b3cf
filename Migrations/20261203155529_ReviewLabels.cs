using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Beacon.Migrations
{
    /// <inheritdoc />
    public partial class ReviewLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "review_samples",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    per_stratum = table.Column<int>(type: "integer", nullable: true),
                    share = table.Column<double>(type: "double precision", nullable: true),
                    seed = table.Column<int>(type: "integer", nullable: false),
                    classifier_version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    strata = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_samples", x => x.id);
                    table.ForeignKey(
                        name: "fk_review_samples_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "review_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    sample_id = table.Column<Guid>(type: "uuid", nullable: false),
                    execution_id = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    predicted_class = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    language = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    model_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    region = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_review_items_executions_execution_id",
                        column: x => x.execution_id,
                        principalTable: "executions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_review_items_review_samples_sample_id",
                        column: x => x.sample_id,
                        principalTable: "review_samples",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "review_labels",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    item_id = table.Column<long>(type: "bigint", nullable: false),
                    reviewer_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    reviewer_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    @class = table.Column<string>(name: "class", type: "character varying(32)", maxLength: 32, nullable: true),
                    skipped = table.Column<bool>(type: "boolean", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    labelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_labels", x => x.id);
                    table.ForeignKey(
                        name: "fk_review_labels_review_items_item_id",
                        column: x => x.item_id,
                        principalTable: "review_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_review_items_execution_id",
                table: "review_items",
                column: "execution_id");

            migrationBuilder.CreateIndex(
                name: "ix_review_items_sample_id_execution_id",
                table: "review_items",
                columns: new[] { "sample_id", "execution_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_review_items_sample_id_position",
                table: "review_items",
                columns: new[] { "sample_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_review_labels_item_id_reviewer_id",
                table: "review_labels",
                columns: new[] { "item_id", "reviewer_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_review_samples_job_id_created_at",
                table: "review_samples",
                columns: new[] { "job_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "review_labels");

            migrationBuilder.DropTable(
                name: "review_items");

            migrationBuilder.DropTable(
                name: "review_samples");
        }
    }
}
