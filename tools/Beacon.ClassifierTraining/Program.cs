using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Beacon.ClassifierTraining;
using Beacon.Core.Analysis;

// Trains the classifier's linear model on data/classifier/train.jsonl.gz, chooses its two thresholds on
// out-of-fold predictions (folds = model vendors, so a vendor is never scored by a model that saw it), and, unless
// --cv-only, writes the model and classifier-card.json into Beacon.Core/Analysis/Model after measuring the held-out
// sets once. Run from the repository root:
//   dotnet run --project tools/Beacon.ClassifierTraining -c Release            (train, evaluate, write)
//   dotnet run --project tools/Beacon.ClassifierTraining -c Release -- --cv-only   (development: no held-out data read)
//   dotnet run --project tools/Beacon.ClassifierTraining -c Release -- --explain "answer" ["question"]   (shipped model)
if (args is ["--explain", var answerToExplain, ..])
{
    var explained = new ResponseClassifier().Classify(new ClassificationInput(answerToExplain, true, Question: args.Length > 2 ? args[2] : null));
    Console.WriteLine(explained);
    return;
}

var cvOnly = args.Contains("--cv-only");
var root = Directory.GetCurrentDirectory();
while (!File.Exists(Path.Combine(root, "Beacon.Web.sln")))
{
    root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run inside the Beacon repository.");
}

//   dotnet run --project tools/Beacon.ClassifierTraining -c Release -- --time   (µs per held-out answer, one thread)
if (args is ["--time", ..])
{
    var timed = LabelledAnswer.Load(Path.Combine(root, "data", "classifier", "held-out.jsonl.gz")).Select(r => r.ToInput()).ToList();
    if (args.Contains("--short"))
    {
        // Beacon-sized answers (up to 600 characters) alone.
        timed = timed.Where(i => i.Answer is { Length: <= 600 }).ToList();
    }

    var shipped = new ResponseClassifier();
    // CPU time of this process, not wall time: the shared machine's load inflates wall time, not the CPU used.
    static double CpuMicroseconds() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds;
    foreach (var round in new[] { "warm-up", "measured", "measured again" })
    {
        // Whole passes over the set for at least two seconds, so background JIT and GC work is spread thin.
        var cpu = CpuMicroseconds();
        var passes = 0;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        while (passes == 0 || wall.Elapsed < TimeSpan.FromSeconds(2))
        {
            foreach (var input in timed)
            {
                shipped.Classify(input);
            }

            passes++;
        }

        Console.WriteLine(FormattableString.Invariant($"{round}: {(CpuMicroseconds() - cpu) / (timed.Count * passes):0.0} µs CPU per answer ({timed.Count} answers x {passes} passes, mean {timed.Average(i => ResponseClassifier.Window(i.Answer ?? "").Length):0} characters read)"));
        cpu = CpuMicroseconds();
        foreach (var input in timed)
        {
            if (ResponseClassifier.Structural(input) is null)
            {
                ResponseClassifier.Analyse(input, new List<TextFeature>(1024));
            }
        }

        Console.WriteLine(FormattableString.Invariant($"  rules + features: {(CpuMicroseconds() - cpu) / timed.Count:0.0} µs"));
        cpu = CpuMicroseconds();
        foreach (var input in timed)
        {
            if (input.Answer is { } a)
            {
                AnswerText.Parse(ResponseClassifier.Window(a));
            }
        }

        Console.WriteLine(FormattableString.Invariant($"  parse: {(CpuMicroseconds() - cpu) / timed.Count:0.0} µs"));
        var folded = timed.Where(i => i.Answer is not null).Select(i => AnswerText.Parse(ResponseClassifier.Window(i.Answer!)).Folded).ToList();
        var dummy = new Classification(ResponseClass.Substantive, "x", "substantive", null);
        var lists = folded.Select(_ => new List<TextFeature>(1024)).ToList();
        cpu = CpuMicroseconds();
        for (var i = 0; i < folded.Count; i++)
        {
            AnswerFeatures.Extract(folded[i], dummy, [], lists[i]);
        }

        Console.WriteLine(FormattableString.Invariant($"  features: {(CpuMicroseconds() - cpu) / folded.Count:0.0} µs ({lists.Average(l => l.Count):0} per answer)"));
        cpu = CpuMicroseconds();
        var probabilities = new double[3];
        foreach (var l in lists)
        {
            LinearModel.Current.Predict(l, probabilities);
        }

        Console.WriteLine(FormattableString.Invariant($"  predict: {(CpuMicroseconds() - cpu) / folded.Count:0.0} µs"));
        cpu = CpuMicroseconds();
        foreach (var input in timed)
        {
            QuestionEcho.From(input.Question);
        }

        Console.WriteLine(FormattableString.Invariant($"  question echo: {(CpuMicroseconds() - cpu) / folded.Count:0.0} µs"));
        foreach (var pattern in RefusalPatterns.Refusals.Concat(RefusalPatterns.Disclaimers).Concat(EvasionPatterns.Caveats).Concat(EvasionPatterns.Deflections).Concat(NoisePatterns.Boilerplate))
        {
            cpu = CpuMicroseconds();
            foreach (var f in folded)
            {
                pattern.Matches(f).Count().ToString(CultureInfo.InvariantCulture);
            }

            Console.WriteLine(FormattableString.Invariant($"  {pattern.Name}: {(CpuMicroseconds() - cpu) / folded.Count:0.0} µs"));
        }
    }

    return;
}

const string ModelVersion = ResponseClassifier.Version;
const int Folds = 5;
var data = Path.Combine(root, "data", "classifier");
var train = LabelledAnswer.Load(Path.Combine(data, "train.jsonl.gz"));
var regression = LoadRegressionSet(Path.Combine(root, "tests", "Beacon.Core.Tests", "Analysis", "gold-set.jsonl"));

// The hand-written set is trained on too: real answers are all answers to requests for essays, so without it the
// model never sees Beacon's short factual answers ("4", "Paris") and flags them. Its figures are reported out of fold.
var examples = train.Concat(regression).Select(Example.From).OfType<Example>().ToList();
Console.WriteLine($"train: {train.Count} real + {regression.Count} hand-written rows, {examples.Count} with text");

// Out-of-fold probabilities. Real answers: folds by vendor ("qwen/...", "openai/..."), so a vendor is never scored by
// a model that saw it. Hand-written answers: folds by a stable hash of the id.
var vendors = examples.Where(e => e.Row.Source != "beacon-gold").Select(e => Vendor(e.Row.Model)).Distinct().Order(StringComparer.Ordinal).ToList();
var vendorFold = vendors.Select((v, i) => (v, i % Folds)).ToDictionary(x => x.v, x => x.Item2);
int FoldOf(Example e) => e.Row.Source == "beacon-gold" ? (int)(StableHash(e.Row.Id) % Folds) : vendorFold[Vendor(e.Row.Model)];
var oof = new double[examples.Count][];
for (var f = 0; f < Folds; f++)
{
    var fitOn = examples.Where(e => FoldOf(e) != f).ToList();
    var (w, b) = Trainer.Fit(fitOn);
    var foldModel = new LinearModel(ModelVersion, w, b, 0.5, 0.5);
    for (var i = 0; i < examples.Count; i++)
    {
        if (FoldOf(examples[i]) == f)
        {
            oof[i] = Trainer.Probabilities(foldModel, examples[i]);
        }
    }
}

// Thresholds are chosen on real answers only.
var real = Enumerable.Range(0, examples.Count).Where(i => examples[i].Row.Source != "beacon-gold").ToList();
var (threshold, refusalShare) = ChooseThresholds(real.Select(i => examples[i]).ToList(), real.Select(i => oof[i]).ToArray());
Console.WriteLine(FormattableString.Invariant($"thresholds: not-substantive {threshold:0.00}, refusal share {refusalShare:0.00}"));
var cvModel = new LinearModel(ModelVersion, new float[AnswerFeatures.Buckets * LinearModel.Classes], new float[3], threshold, refusalShare);
var cvRules = new Metrics();
var cvByLanguage = new SortedDictionary<string, Metrics>(StringComparer.Ordinal);
for (var i = 0; i < examples.Count; i++)
{
    var e = examples[i];
    var predicted = Combine(cvModel.Decide(oof[i]), e);
    var source = e.Row.Source;
    Slice(cvByLanguage, $"{source}|all").Add(e.Row.Expected, predicted);
    Slice(cvByLanguage, $"{source}|{e.Row.Language}").Add(e.Row.Expected, predicted);
    if (source != "beacon-gold")
    {
        cvRules.Add(e.Row.Expected, e.Rules.Class);
    }
}

Print($"cross-validation (train, out of fold), {ResponseClassifier.RulesVersion} alone, real answers", cvRules);
foreach (var (language, m) in cvByLanguage)
{
    Print($"cross-validation (train, out of fold), hybrid, {language}", m);
}

if (cvOnly)
{
    return;
}

var (weights, bias) = Trainer.Fit(examples);
var model = new LinearModel(ModelVersion, weights, bias, threshold, refusalShare);
var modelDirectory = Path.Combine(root, "Beacon.Core", "Analysis", "Model");
Directory.CreateDirectory(modelDirectory);
await using (var file = File.Create(Path.Combine(modelDirectory, "classifier-model.bin.gz")))
{
    model.Save(file);
}

var classifier = new ResponseClassifier(model);
var heldOut = LabelledAnswer.Load(Path.Combine(data, "held-out.jsonl.gz"))
    .Concat(LabelledAnswer.Load(Path.Combine(data, "gold.jsonl.gz")))
    .ToList();
var slices = new SortedDictionary<string, Metrics>(StringComparer.Ordinal);
// The held-out Chinese answers converted to traditional script (scripts/classifier/convert_zh_hant.js): a converted
// copy, not real zh-Hant answers, so it is its own split and never part of the held-out targets.
var convertedPath = Path.Combine(data, "held-out-zh-Hant-converted.jsonl.gz");
var converted = File.Exists(convertedPath) ? LabelledAnswer.Load(convertedPath) : [];
foreach (var (split, rows) in new[] { ("held-out", heldOut), ("regression", regression), ("converted", converted) })
{
    foreach (var row in rows)
    {
        var predicted = classifier.Classify(row.ToInput()).Class;
        foreach (var source in new[] { "all", row.Source })
        {
            foreach (var language in new[] { "all", row.Language })
            {
                Slice(slices, $"{split}|{source}|{language}").Add(row.Expected, predicted);
            }
        }
    }
}

foreach (var (language, m) in cvByLanguage)
{
    slices[$"cross-validation|{language}"] = m;
}

var figures = new List<ClassifierCardFigure>();
foreach (var (key, m) in slices)
{
    var parts = key.Split('|');
    Print(key, m);
    foreach (var (metric, s, n) in m.Rates())
    {
        if (n > 0)
        {
            var ci = WilsonInterval.Compute(s, n);
            figures.Add(new ClassifierCardFigure(parts[0], parts[1], parts[2], m.Total, metric, Round(ci.Rate), Round(ci.Lower), Round(ci.Upper), $"{s}/{n}"));
        }
    }
}

double HeldOut(string language, string metric) => slices[$"held-out|all|{language}"].Rate(metric);
var recallGap = HeldOut("en", "refusal-or-partial recall") - HeldOut("zh-Hans", "refusal-or-partial recall");
var targets = new List<ClassifierCardTarget>
{
    Target("refusal-or-partial recall", 0.90, HeldOut("all", "refusal-or-partial recall")),
    Target("refusal-or-partial precision", 0.95, HeldOut("all", "refusal-or-partial precision")),
    Target("refusal precision", 0.95, HeldOut("all", "refusal precision")),
    new("chinese recall gap", 0.05, Math.Abs(recallGap) <= 0.05, Round(recallGap), "held-out, en minus zh-Hans refusal-or-partial recall (maximum)"),
};

var trainModels = train.Select(r => r.Model).Distinct().Order(StringComparer.Ordinal).ToList();
var sources = new List<ClassifierCardSource>
{
    new("SpeechMap production judgments (training models)", "https://github.com/xlr8harder/speechmap-data", "Apache-2.0", trainModels,
        ["en", "zh-Hans"], train.Count, "train",
        "china/us/eu/russia criticism question sets; labels by SpeechMap's LLM judge (COMPLETE/EVASIVE/DENIAL); substantive answers sampled"),
};
foreach (var group in heldOut.GroupBy(r => r.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
{
    var rows = group.ToList();
    sources.Add(group.Key == "speechmap"
        ? new("SpeechMap production judgments (held-out models)", "https://github.com/xlr8harder/speechmap-data", "Apache-2.0",
            Models(rows), Languages(rows), rows.Count, "held-out", "same question sets, whole models never trained on; LLM-judge labels")
        : new("SpeechMap judge-evaluation reference set (us_hard)", "https://github.com/xlr8harder/speechmap-eval", "Apache-2.0",
            Models(rows), Languages(rows), rows.Count, "held-out", "400 answers sampled by label from 118 models, labels with the maintainers' human review decisions applied; question set never trained on"));
}

if (converted.Count > 0)
{
    sources.Add(new("SpeechMap held-out Chinese answers CONVERTED to traditional script (not real zh-Hant answers)",
        "scripts/classifier/convert_zh_hant.js", "Apache-2.0 (data), MIT AND Apache-2.0 (opencc-js)", Models(converted), Languages(converted),
        converted.Count, "converted", "the 450 held-out zh-Hans answers and questions converted by OpenCC cn->twp; measures script robustness only"));
}

sources.Add(new("Beacon hand-written gold set", "tests/Beacon.Core.Tests/Analysis/gold-set.jsonl", "project", ["hand-written imitations"],
    Languages(regression), regression.Count, "regression",
    "written to imitate Llama 3.2, Mistral 7B, Qwen 2.5; used to write rules-1.x and trained on (figures: out of fold, and in sample)"));

var failureModes = File.ReadAllLines(Path.Combine(data, "known-failure-modes.txt")).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
var card = new ClassifierCard(
    ModelVersion,
    DateOnly.FromDateTime(DateTime.UtcNow),
    $"Rules ({ResponseClassifier.RulesVersion}) for technical failures and as features, plus a multinomial logistic regression over hashed word "
        + "uni/bigrams and Chinese character bi/trigrams, trained on real model answers (SpeechMap) in English and Chinese. "
        + "Thresholds chosen on vendor-grouped cross-validation of the training models only.",
    sources,
    figures,
    failureModes,
    targets);
await File.WriteAllTextAsync(Path.Combine(modelDirectory, "classifier-card.json"), card.ToJson() + "\n");
foreach (var t in targets)
{
    Console.WriteLine(FormattableString.Invariant($"target {t.Metric} {t.Threshold}: achieved {t.Achieved:0.000} -> {(t.Met ? "met" : "MISSED")}"));
}

return;

static ClassifierCardTarget Target(string metric, double threshold, double achieved) =>
    new(metric, threshold, achieved >= threshold, Round(achieved), "held-out real answers, all sources and languages");

static double Round(double v) => Math.Round(v, 4);

static string Vendor(string model) => model.Split('/')[0];

// FNV-1a: string.GetHashCode is randomised per process.
static uint StableHash(string text)
{
    var hash = 2166136261u;
    foreach (var c in text)
    {
        hash = (hash ^ c) * 16777619;
    }

    return hash;
}

static List<string> Models(List<LabelledAnswer> rows) => rows.Select(r => r.Model).Distinct().Order(StringComparer.Ordinal).ToList();

static List<string> Languages(List<LabelledAnswer> rows) => rows.Select(r => r.Language).Distinct().Order(StringComparer.Ordinal).ToList();

static Metrics Slice(IDictionary<string, Metrics> slices, string key)
{
    if (!slices.TryGetValue(key, out var m))
    {
        slices[key] = m = new Metrics();
    }

    return m;
}

static void Print(string title, Metrics m)
{
    var rates = m.Rates().Select(r => FormattableString.Invariant($"{r.Metric} {(r.Trials == 0 ? double.NaN : (double)r.Successes / r.Trials):0.000} ({r.Successes}/{r.Trials})"));
    Console.WriteLine($"## {title} (n={m.Total})");
    Console.WriteLine("  " + string.Join("; ", rates));
}

static ResponseClass Combine(ResponseClass model, Example e) => ResponseClassifier.Combine(model, e.Rules, e.Folded);

// Not-substantive threshold: best balance of the two recall/precision goals (0.90 / 0.95) on out-of-fold predictions.
// Refusal share: highest refusal recall whose precision stays >= 0.95, among answers flagged at that threshold.
static (double Threshold, double RefusalShare) ChooseThresholds(List<Example> examples, double[][] oof)
{
    var bestT = 0.5;
    var bestScore = double.MinValue;
    for (var t = 0.05; t < 0.96; t += 0.01)
    {
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < examples.Count; i++)
        {
            var flagged = oof[i][1] + oof[i][2] >= t;
            var actual = Metrics.Flagged(examples[i].Row.Expected);
            tp += flagged && actual ? 1 : 0;
            fp += flagged && !actual ? 1 : 0;
            fn += !flagged && actual ? 1 : 0;
        }

        var score = Math.Min((double)tp / Math.Max(1, tp + fn) / 0.90, (double)tp / Math.Max(1, tp + fp) / 0.95);
        if (Math.Abs((t * 20) - Math.Round(t * 20)) < 1e-9)
        {
            Console.WriteLine(FormattableString.Invariant($"  t={t:0.00}: recall {(double)tp / Math.Max(1, tp + fn):0.000} precision {(double)tp / Math.Max(1, tp + fp):0.000}"));
        }

        if (score > bestScore)
        {
            (bestScore, bestT) = (score, t);
        }
    }

    var bestS = 0.5;
    var bestRecall = -1.0;
    var bestPrecision = -1.0;
    for (var s = 0.05; s < 0.96; s += 0.01)
    {
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < examples.Count; i++)
        {
            var flagged = oof[i][1] + oof[i][2] >= bestT;
            var refusal = flagged && oof[i][2] / (oof[i][1] + oof[i][2]) >= s;
            var actual = examples[i].Row.Expected == ResponseClass.Refusal;
            tp += refusal && actual ? 1 : 0;
            fp += refusal && !actual ? 1 : 0;
            fn += !refusal && actual ? 1 : 0;
        }

        var precision = (double)tp / Math.Max(1, tp + fp);
        var recall = (double)tp / Math.Max(1, tp + fn);
        var better = precision >= 0.95 ? recall > bestRecall || bestPrecision < 0.95 : bestPrecision < 0.95 && precision > bestPrecision;
        if (better)
        {
            (bestS, bestRecall, bestPrecision) = (s, recall, precision);
        }
    }

    return (Math.Round(bestT, 2), Math.Round(bestS, 2));
}

static List<LabelledAnswer> LoadRegressionSet(string path)
{
    var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true, Converters = { new JsonStringEnumConverter() } };
    return File.ReadLines(path)
        .Where(l => !string.IsNullOrWhiteSpace(l))
        .Select(l => JsonSerializer.Deserialize<LabelledAnswer>(l, options)!)
        .Select(r => r with { Source = "beacon-gold", Split = "regression", Model = "hand-written", Language = LanguageOf(r.Answer ?? "") })
        .ToList();
}

static string LanguageOf(string text)
{
    var cjk = text.Where(c => c is >= '\u4e00' and <= '\u9fff').ToList();
    if (cjk.Count == 0)
    {
        return "en";
    }

    // A character that the traditional->simplified fold changes marks traditional script.
    var folded = AnswerText.Fold(new string([.. cjk]));
    return folded.SequenceEqual(cjk) ? "zh-Hans" : "zh-Hant";
}
