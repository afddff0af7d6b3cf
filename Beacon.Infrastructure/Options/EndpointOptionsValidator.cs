using Beacon.Core.Catalog;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Options;

/// <summary>
/// Fails start-up on an OpenAI-compatible endpoint that names an unknown region or model, has no usable URL, or
/// claims a (model, region) another entry already serves: unknown input is an error, never a silent default.
/// </summary>
public sealed class EndpointOptionsValidator : IValidateOptions<EndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, EndpointOptions options)
    {
        var errors = new List<string>();
        CheckTokenPair(errors, "Beacon:Endpoints", options.ProxyTokenId, options.ProxyTokenSecret);
        foreach (var (code, region) in options.Regions)
        {
            CheckTokenPair(errors, $"Beacon:Endpoints:Regions:{code}", region.ProxyTokenId, region.ProxyTokenSecret);
            if (!string.IsNullOrWhiteSpace(region.ModelInfoUrl)
                && !(Uri.TryCreate(region.ModelInfoUrl, UriKind.Absolute, out var modelInfo) && modelInfo.Scheme is "http" or "https"))
            {
                errors.Add($"Beacon:Endpoints:Regions:{code}:ModelInfoUrl must be an absolute http(s) URL (e.g. https://<workspace>--beacon-{code.ToLowerInvariant()}-model-info.modal.run).");
            }
        }
        var claimed = new Dictionary<(string Model, string Region), string>();
        foreach (var (key, endpoint) in options.OpenAi)
        {
            var where = $"Beacon:Endpoints:OpenAi:{key}";
            if (BuiltInCatalog.FindRegion(endpoint.Region) is null)
            {
                errors.Add($"{where}:Region '{endpoint.Region}' is not one of {string.Join(", ", BuiltInCatalog.Regions.Select(r => r.Code))}.");
            }
            if (!BuiltInCatalog.Models.Any(m => m.Id == endpoint.Model))
            {
                errors.Add($"{where}:Model '{endpoint.Model}' is not one of {string.Join(", ", BuiltInCatalog.Models.Select(m => m.Id))}.");
            }
            if (!Uri.TryCreate(endpoint.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                errors.Add($"{where}:BaseUrl must be an absolute http(s) URL (e.g. http://gpu-box:8000/v1).");
            }
            if (string.IsNullOrWhiteSpace(endpoint.RemoteModel))
            {
                errors.Add($"{where}:RemoteModel is required: the model name the server knows.");
            }
            if (endpoint.MaxConcurrency is < 1 or > 256)
            {
                errors.Add($"{where}:MaxConcurrency must be between 1 and 256.");
            }
            if (endpoint.MaxTokensField is not (OpenAiEndpointOptions.MaxTokensFieldLegacy or OpenAiEndpointOptions.MaxTokensFieldCurrent))
            {
                errors.Add($"{where}:MaxTokensField must be '{OpenAiEndpointOptions.MaxTokensFieldLegacy}' or '{OpenAiEndpointOptions.MaxTokensFieldCurrent}'.");
            }
            if (endpoint.UsdPerHour < 0 || endpoint.UsdPerMillionInputTokens < 0 || endpoint.UsdPerMillionOutputTokens < 0)
            {
                errors.Add($"{where}: prices cannot be negative.");
            }
            if (claimed.TryGetValue((endpoint.Model, endpoint.Region), out var other))
            {
                errors.Add($"{where} and Beacon:Endpoints:OpenAi:{other} both serve {endpoint.Model}@{endpoint.Region}; keep one.");
            }
            else
            {
                claimed[(endpoint.Model, endpoint.Region)] = key;
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Half a token pair would only surface as a 401 on the first real call; say so at start-up instead.
    private static void CheckTokenPair(List<string> errors, string where, string? id, string? secret)
    {
        if (string.IsNullOrWhiteSpace(id) != string.IsNullOrWhiteSpace(secret))
        {
            errors.Add($"{where}: set both ProxyTokenId and ProxyTokenSecret (a Modal proxy auth token pair), or neither.");
        }
    }
}
