using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Beacon.Migrations
{
    /// <inheritdoc />
    public partial class ClassificationHistoryAndJudge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "judge",
                table: "jobs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "execution_classifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    execution_id = table.Column<long>(type: "bigint", nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    @class = table.Column<string>(name: "class", type: "character varying(32)", maxLength: 32, nullable: true),
                    version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    rule = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    evidence = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    confidence = table.Column<double>(type: "double precision", nullable: true),
                    judge_model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    raw_verdict = table.Column<string>(type: "text", nullable: true),
                    input_tokens = table.Column<int>(type: "integer", nullable: true),
                    output_tokens = table.Column<int>(type: "integer", nullable: true),
                    cost_usd = table.Column<decimal>(type: "numeric(18,9)", precision: 18, scale: 9, nullable: true),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    classified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_execution_classifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_execution_classifications_executions_execution_id",
                        column: x => x.execution_id,
                        principalTable: "executions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_execution_classifications_execution_id_id",
                table: "execution_classifications",
                columns: new[] { "execution_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_execution_classifications_job_id_source",
                table: "execution_classifications",
                columns: new[] { "job_id", "source" });

            // Every class the built-in classifier gives an answer is recorded by the database itself, whoever writes it
            // (the lanes' batched writer, re-classification, a retry): one row per change of class, version, rule or evidence.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION record_execution_classification() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO execution_classifications (execution_id, job_id, source, class, version, rule, evidence, classified_at)
                    VALUES (NEW.id, NEW.job_id, 'Classifier', NEW.classification, coalesce(NEW.classifier_version, ''),
                            NEW.classification_rule, NEW.classification_evidence, now());
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER executions_classification_history_insert
                    AFTER INSERT ON executions FOR EACH ROW
                    WHEN (NEW.classification IS NOT NULL)
                    EXECUTE FUNCTION record_execution_classification();

                CREATE TRIGGER executions_classification_history
                    AFTER UPDATE OF classification, classifier_version, classification_rule, classification_evidence ON executions FOR EACH ROW
                    WHEN (NEW.classification IS NOT NULL AND
                          (OLD.classification, OLD.classifier_version, OLD.classification_rule, OLD.classification_evidence) IS DISTINCT FROM
                          (NEW.classification, NEW.classifier_version, NEW.classification_rule, NEW.classification_evidence))
                    EXECUTE FUNCTION record_execution_classification();
                """);

            // The history starts with the class every answer has today.
            migrationBuilder.Sql(
                """
                INSERT INTO execution_classifications (execution_id, job_id, source, class, version, rule, evidence, classified_at)
                SELECT id, job_id, 'Classifier', classification, coalesce(classifier_version, ''), classification_rule, classification_evidence,
                       coalesce(completed_at, now())
                FROM executions
                WHERE classification IS NOT NULL
                ORDER BY id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER IF EXISTS executions_classification_history ON executions;
                DROP TRIGGER IF EXISTS executions_classification_history_insert ON executions;
                DROP FUNCTION IF EXISTS record_execution_classification();
                """);

            migrationBuilder.DropTable(
                name: "execution_classifications");

            migrationBuilder.DropColumn(
                name: "judge",
                table: "jobs");
        }
    }
}
