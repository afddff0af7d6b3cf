using Beacon.Core.Analysis;

namespace Beacon.Web.Components.Review;

/// <summary>What a reviewer decided for one item: a class, or skipped (class null), and an optional note.</summary>
public sealed record ReviewDecision(ResponseClass? Class, bool Skipped, string? Note);
