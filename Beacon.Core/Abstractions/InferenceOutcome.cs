using Beacon.Core.Inference;
using Beacon.Core.Placement;

namespace Beacon.Core.Abstractions;

/// <summary>
/// What one call produced. <see cref="Answered"/> means the model replied (whatever it said, refusals included);
/// otherwise the call failed technically and <see cref="ErrorCode"/> says how.
/// </summary>
public sealed record InferenceOutcome
{
    public required bool Answered { get; init; }
    public string? Response { get; init; }
    public string? ReportedModel { get; init; }
    public string? ReportedRegion { get; init; }
    /// <summary>Where the container said it ran (cloud provider and region or zone), raw; null when the endpoint said nothing.</summary>
    public CloudPlacement? Placement { get; init; }
    /// <summary>The endpoint cannot report a placement (OpenAI-compatible): its region is only Beacon's configuration.</summary>
    public bool PlacementDeclared { get; init; }
    public double? InferenceSeconds { get; init; }
    public int? TokensGenerated { get; init; }
    /// <summary>Prompt tokens the endpoint counted, when it says (OpenAI-compatible servers report usage); priced per token.</summary>
    public int? PromptTokens { get; init; }
    public string? ReceiptJson { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public int? HttpStatus { get; init; }
    public bool Moderated { get; init; }
    public bool Emulated { get; init; }
    /// <summary>HTTP requests made for this call, counting resilience retries and 303 polls.</summary>
    public int HttpRequests { get; init; } = 1;

    /// <summary>Each HTTP request of the call in order, with its status or error (empty when not recorded).</summary>
    public IReadOnlyList<HttpTry> Requests { get; init; } = [];

    /// <summary>
    /// An answered call whose text is degenerate output ("!!!!!!!!", U+FFFD, no letters) becomes a technical failure
    /// (<see cref="DegenerateOutputDetector.ErrorCode"/>); the text is kept for inspection but is never an answer.
    /// </summary>
    public InferenceOutcome RejectingDegenerateOutput() =>
        Answered && DegenerateOutputDetector.Detect(Response) is { } found
            ? this with { Answered = false, ErrorCode = DegenerateOutputDetector.ErrorCode, ErrorMessage = DegenerateOutputDetector.Describe(found) }
            : this;

    public static InferenceOutcome Failure(string code, string message, int? httpStatus = null, int httpRequests = 1) =>
        new() { Answered = false, ErrorCode = code, ErrorMessage = message, HttpStatus = httpStatus, HttpRequests = httpRequests };
}
