namespace Beacon.Core.Jobs;

/// <summary>One cell as the remaining-time estimate sees it: its region, whether it is finished and how long it took.</summary>
public sealed record CellTiming(string Region, bool Finished, double? Seconds);
