using System.Globalization;
using Beacon.Core.Analysis;

namespace Beacon.ClassifierTraining;

/// <summary>
/// Multinomial logistic regression fitted by AdaGrad with L2 decay, deterministic: a fixed seed orders the examples,
/// and nothing runs in parallel. Classes are weighted by (inverse frequency)^<see cref="ClassWeightPower"/>; the
/// shipped model uses power 0 (no class weights): on the natural class mix, cross-validation was best without them
/// (docs/classifier.md), and the decision thresholds do the rebalancing.
/// </summary>
internal static class Trainer
{
    // Development knobs (BEACON_EPOCHS, BEACON_L2, BEACON_LR) for cross-validation sweeps; the shipped model uses the defaults.
    public static readonly int Epochs = int.Parse(Environment.GetEnvironmentVariable("BEACON_EPOCHS") ?? "4", CultureInfo.InvariantCulture);
    public static readonly double LearningRate = double.Parse(Environment.GetEnvironmentVariable("BEACON_LR") ?? "0.5", CultureInfo.InvariantCulture);
    /// <summary>
    /// Weight of a hand-written answer relative to a real one: the real answers are all about requested essays, the
    /// hand-written ones are the only examples of Beacon's short factual questions, and they are few.
    /// </summary>
    public static readonly double HandWrittenWeight = double.Parse(Environment.GetEnvironmentVariable("BEACON_HANDWRITTEN_WEIGHT") ?? "6", CultureInfo.InvariantCulture);
    public static readonly double L2 = double.Parse(Environment.GetEnvironmentVariable("BEACON_L2") ?? "1e-4", CultureInfo.InvariantCulture);
    public static readonly double ClassWeightPower = double.Parse(Environment.GetEnvironmentVariable("BEACON_CW_POWER") ?? "0", CultureInfo.InvariantCulture);
    public const int Seed = 20261203;

    public static (float[] Weights, float[] Bias) Fit(IReadOnlyList<Example> examples)
    {
        const int k = LinearModel.Classes;
        var weights = new float[AnswerFeatures.Buckets * k];
        var squares = new float[weights.Length];
        var bias = new float[k];
        var biasSquares = new float[k];
        var counts = new double[k];
        foreach (var e in examples)
        {
            counts[e.Label]++;
        }

        var classWeight = counts.Select(c => c == 0 ? 0 : Math.Pow(examples.Count / (k * c), ClassWeightPower)).ToArray();
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(Seed);
        Span<double> z = stackalloc double[k];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var index in order)
            {
                var e = examples[index];
                for (var c = 0; c < k; c++)
                {
                    z[c] = bias[c];
                }

                foreach (var f in e.Features)
                {
                    for (var c = 0; c < k; c++)
                    {
                        z[c] += f.Value * weights[(f.Bucket * k) + c];
                    }
                }

                var max = Math.Max(z[0], Math.Max(z[1], z[2]));
                var sum = 0.0;
                for (var c = 0; c < k; c++)
                {
                    z[c] = Math.Exp(z[c] - max);
                    sum += z[c];
                }

                for (var c = 0; c < k; c++)
                {
                    var weight = classWeight[e.Label] * (e.Row.Source == "beacon-gold" ? HandWrittenWeight : 1);
                    var gradient = weight * ((z[c] / sum) - (c == e.Label ? 1 : 0));
                    biasSquares[c] += (float)(gradient * gradient);
                    bias[c] -= (float)(LearningRate * gradient / Math.Sqrt(biasSquares[c] + 1e-8));
                    foreach (var f in e.Features)
                    {
                        var w = (f.Bucket * k) + c;
                        var g = (gradient * f.Value) + (L2 * weights[w]);
                        squares[w] += (float)(g * g);
                        weights[w] -= (float)(LearningRate * g / Math.Sqrt(squares[w] + 1e-8));
                    }
                }
            }
        }

        return (weights, bias);
    }

    public static double[] Probabilities(LinearModel model, Example e)
    {
        var p = new double[LinearModel.Classes];
        model.Predict(e.Features, p);
        return p;
    }
}
