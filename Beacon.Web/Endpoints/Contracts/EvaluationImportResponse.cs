using Beacon.Core.Review;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>An evaluation-set import: labels added, replaced (imported before) and left out (skipped), and the report on the whole set.</summary>
public sealed record EvaluationImportResponse(int Added, int Replaced, int Ignored, EvaluationReport? Report);
