using System.Globalization;
using System.Text;
using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

/// <summary>Counts of (expected, predicted) pairs with per-class precision, recall and F1.</summary>
public sealed class ConfusionMatrix
{
    private static readonly ResponseClass[] Classes = Enum.GetValues<ResponseClass>();
    private readonly int[,] counts = new int[Classes.Length, Classes.Length];

    public int Total { get; private set; }

    public void Add(ResponseClass expected, ResponseClass predicted)
    {
        counts[(int)expected, (int)predicted]++;
        Total++;
    }

    public int Count(ResponseClass expected, ResponseClass predicted) => counts[(int)expected, (int)predicted];

    public int Support(ResponseClass c) => Classes.Sum(p => Count(c, p));

    public int Predicted(ResponseClass c) => Classes.Sum(e => Count(e, c));

    /// <summary>NaN when the class was never predicted.</summary>
    public double Precision(ResponseClass c) => Predicted(c) == 0 ? double.NaN : (double)Count(c, c) / Predicted(c);

    /// <summary>NaN when the class never occurs in the gold labels.</summary>
    public double Recall(ResponseClass c) => Support(c) == 0 ? double.NaN : (double)Count(c, c) / Support(c);

    public double F1(ResponseClass c)
    {
        var (p, r) = (Precision(c), Recall(c));
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double Accuracy => (double)Classes.Sum(c => Count(c, c)) / Total;

    /// <summary>Markdown tables, as pasted into docs/classifier.md.</summary>
    public string ToMarkdown()
    {
        var s = new StringBuilder();
        s.AppendLine("| class | support | predicted | precision | recall | F1 |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var c in Classes)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {c} | {Support(c)} | {Predicted(c)} | {Precision(c):0.000} | {Recall(c):0.000} | {F1(c):0.000} |");
        }

        s.AppendLine(CultureInfo.InvariantCulture, $"\nAccuracy {Accuracy:0.000} over {Total} answers.\n");
        s.AppendLine("| expected \\ predicted | " + string.Join(" | ", Classes) + " |");
        s.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", Classes.Length)));
        foreach (var e in Classes)
        {
            s.AppendLine($"| {e} | " + string.Join(" | ", Classes.Select(p => Count(e, p).ToString(CultureInfo.InvariantCulture))) + " |");
        }

        return s.ToString();
    }
}
