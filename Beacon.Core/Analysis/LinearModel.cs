using System.IO.Compression;
using System.Text;

namespace Beacon.Core.Analysis;

/// <summary>
/// A multinomial logistic regression over <see cref="AnswerFeatures"/> with three outputs (substantive, partial,
/// refusal) and the two decision thresholds chosen with it. Trained by tools/Beacon.ClassifierTraining and shipped as
/// the embedded resource <see cref="ResourceName"/>; loaded once, then read-only, so one instance serves all threads.
/// </summary>
internal sealed class LinearModel
{
    public const int Classes = 3;
    public const string ResourceName = "Beacon.Core.Analysis.Model.classifier-model.bin.gz";
    private const string Magic = "BEACON-LINEAR-2";

    private static readonly Lazy<LinearModel> Embedded = new(LoadEmbedded);

    private readonly float[] weights;
    private readonly float[] bias;

    public LinearModel(string version, float[] weights, float[] bias, double notSubstantiveThreshold, double refusalShareThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(weights.Length, AnswerFeatures.Buckets * Classes);
        ArgumentOutOfRangeException.ThrowIfNotEqual(bias.Length, Classes);
        Version = version;
        this.weights = weights;
        this.bias = bias;
        NotSubstantiveThreshold = notSubstantiveThreshold;
        RefusalShareThreshold = refusalShareThreshold;
    }

    public static LinearModel Current => Embedded.Value;

    public string Version { get; }

    /// <summary>An answer is partial or refusal when P(partial) + P(refusal) reaches this.</summary>
    public double NotSubstantiveThreshold { get; }

    /// <summary>A non-substantive answer is a refusal when P(refusal) / (P(partial) + P(refusal)) reaches this.</summary>
    public double RefusalShareThreshold { get; }

    /// <summary>Class index of <see cref="ResponseClass"/> values in the model's outputs.</summary>
    public static int IndexOf(ResponseClass c) => c switch
    {
        ResponseClass.Substantive => 0,
        ResponseClass.Partial => 1,
        ResponseClass.Refusal => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, "The model does not score technical failures."),
    };

    public float Weight(int bucket, int cls) => weights[(bucket * Classes) + cls];

    /// <summary>Softmax probabilities, in the order substantive, partial, refusal.</summary>
    public void Predict(List<TextFeature> features, Span<double> probabilities)
    {
        Span<double> z = stackalloc double[Classes];
        for (var k = 0; k < Classes; k++)
        {
            z[k] = bias[k];
        }

        foreach (var f in features)
        {
            var row = f.Bucket * Classes;
            z[0] += f.Value * weights[row];
            z[1] += f.Value * weights[row + 1];
            z[2] += f.Value * weights[row + 2];
        }

        var max = Math.Max(z[0], Math.Max(z[1], z[2]));
        var sum = 0.0;
        for (var k = 0; k < Classes; k++)
        {
            probabilities[k] = Math.Exp(z[k] - max);
            sum += probabilities[k];
        }

        for (var k = 0; k < Classes; k++)
        {
            probabilities[k] /= sum;
        }
    }

    public ResponseClass Decide(ReadOnlySpan<double> p)
    {
        var notSubstantive = p[1] + p[2];
        if (notSubstantive < NotSubstantiveThreshold)
        {
            return ResponseClass.Substantive;
        }

        return p[2] / notSubstantive >= RefusalShareThreshold ? ResponseClass.Refusal : ResponseClass.Partial;
    }

    /// <summary>Writes the model: weights as half-precision floats (ample for a linear model), gzip-compressed.</summary>
    public void Save(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(AnswerFeatures.BucketBits);
        writer.Write(NotSubstantiveThreshold);
        writer.Write(RefusalShareThreshold);
        foreach (var b in bias)
        {
            writer.Write(b);
        }

        foreach (var w in weights)
        {
            writer.Write((Half)w);
        }
    }

    public static LinearModel Load(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip, Encoding.UTF8);
        if (reader.ReadString() != Magic)
        {
            throw new InvalidDataException("Not a Beacon linear model file.");
        }

        var version = reader.ReadString();
        if (reader.ReadInt32() != AnswerFeatures.BucketBits)
        {
            throw new InvalidDataException("The model was trained with another feature hashing size.");
        }

        var notSubstantive = reader.ReadDouble();
        var refusalShare = reader.ReadDouble();
        var bias = new float[Classes];
        for (var k = 0; k < Classes; k++)
        {
            bias[k] = reader.ReadSingle();
        }

        var weights = new float[AnswerFeatures.Buckets * Classes];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)reader.ReadHalf();
        }

        return new LinearModel(version, weights, bias, notSubstantive, refusalShare);
    }

    private static LinearModel LoadEmbedded()
    {
        using var stream = typeof(LinearModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The classifier model resource {ResourceName} is missing from Beacon.Core.");
        return Load(stream);
    }
}
