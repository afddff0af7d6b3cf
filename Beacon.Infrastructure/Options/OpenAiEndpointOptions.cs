namespace Beacon.Infrastructure.Options;

/// <summary>
/// One OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp server, a hosted API) serving one Beacon model
/// in one region: <c>Beacon:Endpoints:OpenAi:&lt;name&gt;</c>. Checked by <see cref="EndpointOptionsValidator"/>.
/// </summary>
public sealed class OpenAiEndpointOptions
{
    public const string MaxTokensFieldLegacy = "max_tokens";
    public const string MaxTokensFieldCurrent = "max_completion_tokens";

    /// <summary>Region code (US, EU, APAC) whose cells of <see cref="Model"/> go to this server.</summary>
    public string Region { get; set; } = "";

    /// <summary>Beacon model id (e.g. qwen2.5-1.5b).</summary>
    public string Model { get; set; } = "";

    /// <summary>The API root, ending in /v1 for most servers (e.g. http://gpu-box:8000/v1).</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>The model name the server knows (e.g. Qwen/Qwen2.5-1.5B-Instruct, or qwen2.5:1.5b on Ollama).</summary>
    public string RemoteModel { get; set; } = "";

    /// <summary>Sent as a Bearer token. From user secrets or the environment, never from a committed file; never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Ask for a streamed (SSE) answer; the stored answer is the same either way.</summary>
    public bool Stream { get; set; }

    /// <summary>Calls in flight to this server at once, per worker process. Empty: 4.</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>
    /// How the token limit is sent: <c>max_tokens</c> (what vLLM, Ollama and llama.cpp all read) or
    /// <c>max_completion_tokens</c> (OpenAI's current name, required by its reasoning models).
    /// </summary>
    public string MaxTokensField { get; set; } = MaxTokensFieldLegacy;

    /// <summary>What this server costs per hour of call time (a rented GPU). Empty: the region's rate.</summary>
    public decimal? UsdPerHour { get; set; }

    /// <summary>Per-token pricing (a hosted API), per million prompt tokens. Setting either token price replaces the hourly rate.</summary>
    public decimal? UsdPerMillionInputTokens { get; set; }

    /// <summary>Per-token pricing, per million generated tokens.</summary>
    public decimal? UsdPerMillionOutputTokens { get; set; }
}
