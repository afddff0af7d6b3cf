namespace Beacon.Core.Questions;

/// <summary>The file formats a question set can be imported from.</summary>
public enum DatasetFormat
{
    /// <summary>Comma-separated, RFC 4180 quoting, with a header row (<c>subject,prompt</c> or <c>id,category,text[,language]</c>).</summary>
    Csv,

    /// <summary>One JSON object per line with <c>text</c> (or <c>prompt</c>) and optional id, category/subject, language.</summary>
    Jsonl,
}
