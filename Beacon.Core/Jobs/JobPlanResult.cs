namespace Beacon.Core.Jobs;

/// <summary>Either a plan or the validation errors keyed by request field (camelCase, as in the JSON body).</summary>
public sealed record JobPlanResult(JobPlan? Plan, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Plan is not null;
}
