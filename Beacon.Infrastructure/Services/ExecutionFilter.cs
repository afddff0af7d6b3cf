using Beacon.Core.Jobs;

namespace Beacon.Infrastructure.Services;

public sealed record ExecutionFilter(string? QuestionId = null, string? ModelId = null, string? Region = null, ExecutionStatus? Status = null);
