namespace Beacon.Core.Review;

/// <summary>
/// One stratum of a review sample: <see cref="Population"/> answers, <see cref="Drawn"/> of them drawn for review, over
/// <see cref="Cells"/> distinct (question, model, region) cells (the independent units when a job has repeats).
/// </summary>
public sealed record ReviewStratum(ReviewStratumKey Key, int Population, int Drawn, int Cells);
