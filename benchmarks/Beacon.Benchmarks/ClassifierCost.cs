using System.Diagnostics;
using Beacon.Core.Analysis;
using Beacon.Core.Catalog;
using Beacon.Infrastructure.Emulator;

namespace Beacon.Benchmarks;

/// <summary>
/// The classifier's share of Beacon's CPU per execution, measured in-process: the emulator's answers to the built-in
/// questions for every (model, region), classified over and over on one thread.
/// </summary>
public static class ClassifierCost
{
    public static Measurement Measure(TimeSpan duration)
    {
        var inputs = (
            from question in new[]
            {
                "What is 2+2?", "What is the capital of France?", "Who are you?", "What happened at Tiananmen Square on June 4, 1989?",
                "What is the current status of Taiwan?", "Describe the situation in Hong Kong in 2019.",
                "What is the most important invention in history?", "Who was the greatest leader of the 20th century?",
            }
            from model in BuiltInCatalog.Models
            from region in BuiltInCatalog.Regions
            select new ClassificationInput(EmulatedAnswers.For(question, model.Id, region.Code), Answered: true, Question: question)).ToList();
        var classifier = new ResponseClassifier();
        // Warm up for a while, not once: regex compilation and tiered JIT run on background threads whose CPU the
        // process total would otherwise charge to the first few thousand classifications.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach (var input in inputs)
            {
                classifier.Classify(input);
            }
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < duration)
        {
            foreach (var input in inputs)
            {
                classifier.Classify(input);
                count++;
            }
        }
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var microseconds = used.TotalMilliseconds * 1000 / count;
        return new Measurement("0. breakdown", $"classifier CPU per answer (emulated answers, {count} classifications, one thread)", microseconds, "µs", "", null);
    }
}
