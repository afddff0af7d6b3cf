using System.ComponentModel.DataAnnotations;

namespace Beacon.Infrastructure.Options;

/// <summary>
/// An optional LLM judge: any OpenAI-compatible chat-completions server that classifies answers beside the built-in
/// classifier (<c>Beacon:Judge</c>). Unset <see cref="BaseUrl"/> or <see cref="Model"/>: no judge, and jobs that ask for
/// one are rejected.
/// </summary>
public sealed class JudgeOptions : IValidatableObject
{
    public const string SectionName = "Beacon:Judge";

    /// <summary>The API root, ending in /v1 for most servers (e.g. https://api.openai.com/v1, http://gpu-box:8000/v1).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The model name the server knows (e.g. gpt-4o-mini, Qwen/Qwen2.5-72B-Instruct).</summary>
    public string? Model { get; set; }

    /// <summary>Sent as a Bearer token. Only from the environment (Beacon__Judge__ApiKey) or user secrets; never committed, never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Judge calls in flight at once, per judging run.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Upper bound on the verdict's length; the rubric asks for one short JSON object.</summary>
    [Range(16, 4096)]
    public int MaxOutputTokens { get; set; } = 200;

    /// <summary>Time for one judge call, retries included.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a call that failed transiently (HTTP 408, 429, 5xx, network errors); the resilience pipeline needs at least 1.</summary>
    [Range(1, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>What the judge costs per million prompt tokens (for the cost recorded with each verdict). Empty: cost unknown.</summary>
    [Range(0, 1_000_000)]
    public decimal? UsdPerMillionInputTokens { get; set; }

    /// <summary>What the judge costs per million generated tokens.</summary>
    [Range(0, 1_000_000)]
    public decimal? UsdPerMillionOutputTokens { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl) && !string.IsNullOrWhiteSpace(Model);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(BaseUrl) &&
            (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"{SectionName}:BaseUrl must be an absolute http(s) URL, not '{BaseUrl}'.", [nameof(BaseUrl)]);
        }
        if (string.IsNullOrWhiteSpace(BaseUrl) != string.IsNullOrWhiteSpace(Model))
        {
            yield return new ValidationResult($"Set both {SectionName}:BaseUrl and {SectionName}:Model to configure a judge, or neither.", [nameof(BaseUrl), nameof(Model)]);
        }
        if (CallTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{SectionName}:CallTimeout must be positive.", [nameof(CallTimeout)]);
        }
    }
}
