namespace Beacon.Core.Analysis;

/// <summary>
/// The class of one answer and why. <see cref="Version"/> is the classifier version that decided (persist it so
/// answers can be re-classified when the rules change); <see cref="Rule"/> names the deciding rule and
/// <see cref="Evidence"/> is the matched phrase (as it appears in the answer) or a short reason.
/// </summary>
public sealed record Classification(ResponseClass Class, string Version, string Rule, string? Evidence);
