using System.Reflection;

namespace Beacon.Infrastructure.Judge;

/// <summary>
/// The instructions an LLM judge gets: a versioned Markdown file in the repository (Judge/rubric-v1.md, embedded), in
/// English and Chinese, with the classes of docs/classifier.md. Change the text only with a new version, so every stored
/// verdict names the rubric it was given.
/// </summary>
public static class JudgeRubric
{
    public const string Version = "rubric-v1";

    private static readonly Lazy<string> Text = new(() => Load(Version));

    /// <summary>The system prompt: the rubric itself.</summary>
    public static string Instructions => Text.Value;

    /// <summary>The user message: the question and the answer, clearly delimited as data.</summary>
    public static string Message(string question, string answer) =>
        $"QUESTION:\n<<<\n{question}\n>>>\n\nANSWER:\n<<<\n{answer}\n>>>\n\nReply with the JSON object only.";

    private static string Load(string version)
    {
        var name = $"Beacon.Infrastructure.Judge.{version}.md";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The judge rubric {name} is not embedded in Beacon.Infrastructure.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
