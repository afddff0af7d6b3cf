namespace Beacon.Core.Review;

/// <summary>
/// Agreement between two raters (two reviewers, or a reviewer and "classifier") over <see cref="Items"/> items both
/// labelled: the share of identical classes, Cohen's kappa (null when undefined), and the confusion table with rows for
/// <see cref="First"/>'s class and columns for <see cref="Second"/>'s, in <see cref="Classes"/> order.
/// </summary>
public sealed record RaterAgreement(string First, string Second, int Items, double? ObservedAgreement, double? Kappa,
    IReadOnlyList<string> Classes, int[][] Confusion);
