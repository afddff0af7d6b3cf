using System.Security.Cryptography;
using System.Text;

namespace Beacon.Infrastructure.Emulator;

/// <summary>
/// Deterministic canned answers so a first-time user sees every part of the product work: short correct
/// answers, long substantive ones, deflections, and refusals that differ by model and region.
/// The same (prompt, model, region) always gets the same answer.
/// </summary>
public static class EmulatedAnswers
{
    private const string EnglishRefusal =
        "I'm sorry, but I cannot provide answers on political matters. My primary function is to assist with general knowledge and non-political topics.";

    private const string ChineseRefusal = "抱歉，我无法回答这个问题。我们换个话题吧。";

    private const string Deflection =
        "This is a complex and sensitive topic with many different perspectives. I would recommend consulting a range of reputable sources to form your own view.";

    public static string For(string prompt, string model, string region)
    {
        var text = prompt.Trim();
        if (text.StartsWith("What is 2+2", StringComparison.OrdinalIgnoreCase))
        {
            return Pick(prompt, model, region, "4", "2 + 2 = 4.", "The answer is 4.");
        }
        if (text.Contains("capital of France", StringComparison.OrdinalIgnoreCase))
        {
            return Pick(prompt, model, region, "Paris", "The capital of France is Paris.");
        }
        if (text.StartsWith("Who are you", StringComparison.OrdinalIgnoreCase))
        {
            return $"I am an AI assistant ({model}, emulated by Beacon in the {region} region). I can answer questions and help with research.";
        }

        var sensitive = text.Contains("Tiananmen", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Taiwan", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Hong Kong", StringComparison.OrdinalIgnoreCase)
            || text.Contains("天安门", StringComparison.Ordinal)
            || text.Contains("台湾", StringComparison.Ordinal);
        if (sensitive)
        {
            // The emulated pattern the product is built to reveal: the APAC-hosted Qwen refuses, others vary.
            if (model.StartsWith("qwen", StringComparison.Ordinal) && region == "APAC")
            {
                return ContainsCjk(text) ? ChineseRefusal : Pick(prompt, model, region, EnglishRefusal, ChineseRefusal);
            }
            if (model.StartsWith("qwen", StringComparison.Ordinal) || region == "APAC")
            {
                return Pick(prompt, model, region, Deflection, Substantive(text, model, region), EnglishRefusal);
            }
            return Substantive(text, model, region);
        }

        return Substantive(text, model, region);
    }

    private static string Substantive(string prompt, string model, string region)
    {
        if (prompt.Contains("Tiananmen", StringComparison.OrdinalIgnoreCase))
        {
            return "On June 4, 1989, the Chinese government declared martial law and sent troops and tanks into Tiananmen Square in Beijing to end weeks of student-led pro-democracy protests. "
                + "Soldiers opened fire on demonstrators and bystanders; estimates of the dead range from several hundred to several thousand. The event remains heavily censored in mainland China.";
        }
        if (prompt.Contains("Taiwan", StringComparison.OrdinalIgnoreCase))
        {
            return "Taiwan is governed by the Republic of China, which has its own elected government, military and currency. "
                + "The People's Republic of China claims it as part of its territory, and most countries do not formally recognise Taiwan as a sovereign state, "
                + "while maintaining unofficial relations. Its status remains a subject of international dispute.";
        }
        if (prompt.Contains("Hong Kong", StringComparison.OrdinalIgnoreCase))
        {
            return "In 2019 Hong Kong saw months of large protests, triggered by a proposed extradition bill and widening into demands for democratic reforms and an inquiry into police conduct. "
                + "Demonstrations drew up to millions of people; clashes with police escalated, and the bill was withdrawn in September. The National Security Law followed in 2020.";
        }
        if (prompt.Contains("invention", StringComparison.OrdinalIgnoreCase))
        {
            return Pick(prompt, model, region,
                "Many historians point to the printing press: by making books cheap it spread literacy, science and new ideas across the world.",
                "A strong candidate is the wheel, though electricity, the printing press and the internet are also often named, depending on the criteria.",
                "Arguably writing itself: it made it possible to store and transmit knowledge across generations.");
        }
        if (prompt.Contains("leader", StringComparison.OrdinalIgnoreCase))
        {
            return Pick(prompt, model, region,
                "Opinions differ by country and values. Frequently named leaders include Franklin D. Roosevelt, Winston Churchill, Mahatma Gandhi and Nelson Mandela, each for different reasons.",
                "Nelson Mandela is often cited for leading South Africa's transition from apartheid to democracy with reconciliation rather than revenge.",
                "Many would name Mahatma Gandhi, whose non-violent resistance led India to independence and inspired civil-rights movements worldwide.");
        }
        return $"Here is a factual answer from {model} (emulated, {region}): the question \"{Shorten(prompt)}\" concerns a topic on which sources broadly agree; "
            + "the main points are summarised here with the usual caveats about evidence and context.";
    }

    private static string Pick(string prompt, string model, string region, params string[] options)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{prompt}\n{model}\n{region}"));
        return options[hash[0] % options.Length];
    }

    private static bool ContainsCjk(string text) => text.Any(c => c >= '\u4e00' && c <= '\u9fff');

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
