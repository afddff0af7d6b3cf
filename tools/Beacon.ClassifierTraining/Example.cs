using Beacon.Core.Analysis;

namespace Beacon.ClassifierTraining;

/// <summary>A labelled answer after the structural layer, as the model sees it: features, rule verdict, class index.</summary>
internal sealed record Example(LabelledAnswer Row, List<TextFeature> Features, Classification Rules, string Folded, int Label)
{
    public static Example? From(LabelledAnswer row)
    {
        var input = row.ToInput();
        if (ResponseClassifier.Structural(input) is not null || row.Expected == ResponseClass.TechnicalFailure)
        {
            return null;
        }

        var features = new List<TextFeature>(1024);
        var (rules, folded) = ResponseClassifier.Analyse(input, features);
        return new Example(row, features, rules, folded, LinearModel.IndexOf(row.Expected));
    }
}
