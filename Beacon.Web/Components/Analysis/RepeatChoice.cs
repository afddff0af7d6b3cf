namespace Beacon.Web.Components.Analysis;

/// <summary>The reader picked repeat <paramref name="Index"/> (0-based) of the column <paramref name="Key"/>.</summary>
public sealed record RepeatChoice(string Key, int Index);
