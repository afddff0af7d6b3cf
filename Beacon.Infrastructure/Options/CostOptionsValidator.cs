using Beacon.Core.Catalog;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Options;

/// <summary>Prices for unknown regions or models are typos, not configuration: fail start-up.</summary>
public sealed class CostOptionsValidator : IValidateOptions<CostOptions>
{
    public ValidateOptionsResult Validate(string? name, CostOptions options)
    {
        var errors = new List<string>();
        foreach (var (code, region) in options.Regions)
        {
            if (BuiltInCatalog.FindRegion(code) is null)
            {
                errors.Add($"Beacon:Costs:Regions:{code}: unknown region; use one of {string.Join(", ", BuiltInCatalog.Regions.Select(r => r.Code))}.");
            }
            if (region.UsdPerHour < 0)
            {
                errors.Add($"Beacon:Costs:Regions:{code}:UsdPerHour cannot be negative.");
            }
            if (region.PinningMultiplier < 1)
            {
                errors.Add($"Beacon:Costs:Regions:{code}:PinningMultiplier is at least 1 (pinning never makes a GPU cheaper).");
            }
        }
        foreach (var (id, model) in options.Models)
        {
            if (!BuiltInCatalog.Models.Any(m => m.Id == id))
            {
                errors.Add($"Beacon:Costs:Models:{id}: unknown model.");
            }
            if (model.SecondsPerCall < 0 || model.ColdStartSeconds < 0)
            {
                errors.Add($"Beacon:Costs:Models:{id}: seconds cannot be negative.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
