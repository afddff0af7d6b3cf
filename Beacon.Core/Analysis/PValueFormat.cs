using System.Globalization;

namespace Beacon.Core.Analysis;

/// <summary>
/// Writes p-values so that the printed number never contradicts the decision at the 5% level: two significant
/// digits, more when rounding would land on 0.05 ("p = 0.0498", never "p = 0.05" for a p-value below 0.05, and
/// "p = 0.0502", never "p = 0.05", above it); "p &lt; 0.001" for very small ones. The same text is used by the summary,
/// the pages and the exports.
/// </summary>
public static class PValueFormat
{
    public const double Level = 0.05;

    /// <summary>"p = 0.11", "p = 0.0498", "p &lt; 0.001".</summary>
    public static string Format(double p) => Number(p) is var n && n.StartsWith('<') ? "p " + n : "p = " + n;

    /// <summary>The number alone, as in a table cell: "0.11", "0.0498", "&lt; 0.001", "n/a".</summary>
    public static string Number(double p)
    {
        if (double.IsNaN(p))
        {
            return "n/a";
        }
        if (p < 0.001)
        {
            return "< 0.001";
        }
        for (var digits = 2; digits <= 6; digits++)
        {
            var text = p.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            var shown = double.Parse(text, CultureInfo.InvariantCulture);
            // A shown 0.05 is allowed only when p is exactly 0.05; otherwise the rounding must keep p's side of the level.
            if ((shown < Level) == (p < Level) && (shown != Level || p == Level))
            {
                return text;
            }
        }
        return p < Level ? "< 0.05" : "> 0.05";
    }
}
