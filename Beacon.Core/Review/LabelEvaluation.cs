using Beacon.Core.Analysis;

namespace Beacon.Core.Review;

/// <summary>
/// Human labels used as an evaluation set: the current classifier is run on every labelled answer and compared with the
/// human class (skipped labels left out): agreement, Cohen's kappa, a confusion table (rows human, columns classifier)
/// and the precision and recall of "refusal" per answer language, and of every class overall and per language with 95%
/// Wilson intervals.
/// </summary>
public static class LabelEvaluation
{
    public static EvaluationReport Evaluate(IReadOnlyList<(string Question, string Answer, string Language, ResponseClass Human)> labelled, ResponseClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentNullException.ThrowIfNull(classifier);
        var pairs = labelled.Select(l => (l.Language, l.Human,
            Predicted: classifier.Classify(new ClassificationInput(l.Answer, Answered: true, Question: l.Question)).Class)).ToList();
        var classes = Enum.GetValues<ResponseClass>();
        var confusion = classes.Select(h => classes.Select(p => pairs.Count(x => x.Human == h && x.Predicted == p)).ToArray()).ToArray();
        var byLanguage = pairs.GroupBy(p => p.Language).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var truePositive = g.Count(x => x.Human == ResponseClass.Refusal && x.Predicted == ResponseClass.Refusal);
            var predicted = g.Count(x => x.Predicted == ResponseClass.Refusal);
            var actual = g.Count(x => x.Human == ResponseClass.Refusal);
            return new LanguageAccuracy(g.Key, g.Count(), predicted == 0 ? null : (double)truePositive / predicted, actual == 0 ? null : (double)truePositive / actual);
        }).ToList();
        var perClass = new[] { (Language: "all", Pairs: pairs) }
            .Concat(pairs.GroupBy(p => p.Language).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Language: g.Key, Pairs: g.ToList())))
            .SelectMany(scope => classes.Select(c =>
            {
                var correct = scope.Pairs.Count(x => x.Human == c && x.Predicted == c);
                return new ClassAccuracy(scope.Language, c.ToString(),
                    MeasuredShare.Of(correct, scope.Pairs.Count(x => x.Predicted == c)),
                    MeasuredShare.Of(correct, scope.Pairs.Count(x => x.Human == c)));
            }))
            .ToList();
        return new EvaluationReport(ResponseClassifier.Version, pairs.Count,
            pairs.Count == 0 ? null : (double)pairs.Count(p => p.Human == p.Predicted) / pairs.Count,
            CohenKappa.Compute(pairs.Select(p => (p.Human, p.Predicted)).ToList()),
            classes.Select(c => c.ToString()).ToList(), confusion, byLanguage)
        {
            PerClass = perClass,
        };
    }
}
