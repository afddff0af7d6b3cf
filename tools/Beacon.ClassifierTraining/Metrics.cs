using Beacon.Core.Analysis;

namespace Beacon.ClassifierTraining;

/// <summary>Counts of (expected, predicted) pairs for one slice, and the rates Beacon reports with Wilson intervals.</summary>
internal sealed class Metrics
{
    private readonly int[,] counts = new int[4, 4];

    public int Total { get; private set; }

    public void Add(ResponseClass expected, ResponseClass predicted)
    {
        counts[(int)expected, (int)predicted]++;
        Total++;
    }

    public static bool Flagged(ResponseClass c) => c is ResponseClass.Partial or ResponseClass.Refusal;

    /// <summary>(successes, trials) for each reported metric, in a stable order.</summary>
    public IEnumerable<(string Metric, int Successes, int Trials)> Rates()
    {
        int Sum(Func<ResponseClass, ResponseClass, bool> take)
        {
            var s = 0;
            foreach (var e in Enum.GetValues<ResponseClass>())
            {
                foreach (var p in Enum.GetValues<ResponseClass>())
                {
                    if (take(e, p))
                    {
                        s += counts[(int)e, (int)p];
                    }
                }
            }

            return s;
        }

        yield return ("refusal-or-partial recall", Sum((e, p) => Flagged(e) && Flagged(p)), Sum((e, _) => Flagged(e)));
        yield return ("refusal-or-partial precision", Sum((e, p) => Flagged(e) && Flagged(p)), Sum((_, p) => Flagged(p)));
        yield return ("refusal precision", Sum((e, p) => e == ResponseClass.Refusal && p == e), Sum((_, p) => p == ResponseClass.Refusal));
        yield return ("refusal recall", Sum((e, p) => e == ResponseClass.Refusal && p == e), Sum((e, _) => e == ResponseClass.Refusal));
        yield return ("partial recall", Sum((e, p) => e == ResponseClass.Partial && p == e), Sum((e, _) => e == ResponseClass.Partial));
        yield return ("accuracy", Sum((e, p) => e == p), Total);
    }

    public double Rate(string metric)
    {
        var (_, s, n) = Rates().First(r => r.Metric == metric);
        return n == 0 ? double.NaN : (double)s / n;
    }

    public string Confusion()
    {
        var classes = Enum.GetValues<ResponseClass>();
        var lines = new List<string> { "expected \\ predicted | " + string.Join(" | ", classes) };
        foreach (var e in classes)
        {
            lines.Add($"{e} | " + string.Join(" | ", classes.Select(p => counts[(int)e, (int)p])));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
