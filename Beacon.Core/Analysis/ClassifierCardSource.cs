namespace Beacon.Core.Analysis;

/// <summary>
/// One body of labelled answers behind <see cref="ClassifierCard"/>. <see cref="Role"/> is "train" (fitted on),
/// "held-out" (never used to fit or to choose anything) or "regression" (hand-written checks kept from earlier versions).
/// </summary>
public sealed record ClassifierCardSource(
    string Name,
    string Url,
    string Licence,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Languages,
    int Items,
    string Role,
    string? Note = null);
