using System.Text.RegularExpressions;
using DiffPlex;
using DiffPlex.Model;

namespace Beacon.Core.Analysis.Diff;

/// <summary>
/// Word-level diff of two answers (DiffPlex's Myers diff over word tokens). A token is a run of letters, digits and
/// apostrophes, one CJK character (Chinese and Japanese are written without spaces, so a "word" would be a whole
/// sentence), or one punctuation mark. Whitespace is not compared: a re-wrapped line is not a change. Case is compared.
/// </summary>
public static partial class WordDiff
{
    /// <summary>Answers longer than this (in tokens) are cut before diffing; generated answers are far shorter.</summary>
    public const int MaxTokens = 20_000;

    public static WordDiffResult Compare(string? baseline, string? compared)
    {
        var a = Tokenize(baseline);
        var b = Tokenize(compared);
        var diff = Differ.Instance.CreateDiffs(string.Join('\n', a.Select(t => t.Word)), string.Join('\n', b.Select(t => t.Word)),
            ignoreWhiteSpace: false, ignoreCase: false, new PrecomputedChunker());

        var segments = new List<DiffSegment>();
        int unchanged = 0, inserted = 0, deleted = 0;
        var ib = 0;
        foreach (var block in diff.DiffBlocks)
        {
            while (ib < block.InsertStartB)
            {
                Append(segments, DiffKind.Unchanged, b[ib++]);
                unchanged++;
            }
            for (var i = block.DeleteStartA; i < block.DeleteStartA + block.DeleteCountA; i++)
            {
                Append(segments, DiffKind.Deleted, a[i]);
                deleted++;
            }
            for (var i = block.InsertStartB; i < block.InsertStartB + block.InsertCountB; i++)
            {
                Append(segments, DiffKind.Inserted, b[i]);
                inserted++;
            }
            ib = block.InsertStartB + block.InsertCountB;
        }
        while (ib < b.Count)
        {
            Append(segments, DiffKind.Unchanged, b[ib++]);
            unchanged++;
        }
        return new WordDiffResult(segments, unchanged, inserted, deleted);
    }

    /// <summary>The text's tokens, each with the whitespace after it (leading whitespace is dropped).</summary>
    internal static IReadOnlyList<(string Word, string After)> Tokenize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var tokens = new List<(string, string)>();
        foreach (Match match in Token().Matches(text))
        {
            if (tokens.Count == MaxTokens)
            {
                break;
            }
            tokens.Add((match.Groups["word"].Value, match.Groups["space"].Value));
        }
        return tokens;
    }

    private static void Append(List<DiffSegment> segments, DiffKind kind, (string Word, string After) token)
    {
        // A deleted word's whitespace is its own text's: keep one space so it never glues to the next word.
        var after = kind == DiffKind.Deleted && token.After.Length > 0 ? " " : token.After;
        if (segments.Count > 0 && segments[^1].Kind == kind)
        {
            segments[^1] = segments[^1] with { Text = segments[^1].Text + token.Word + after };
        }
        else
        {
            segments.Add(new DiffSegment(kind, token.Word + after));
        }
    }

    [GeneratedRegex(@"(?<word>[\p{IsCJKUnifiedIdeographs}\p{IsHiragana}\p{IsKatakana}\p{IsHangulSyllables}]|[\p{L}\p{M}\p{N}_'’]+|[^\s\p{L}\p{M}\p{N}_'’])(?<space>\s*)")]
    private static partial Regex Token();

    /// <summary>The texts handed to DiffPlex are already one token per line.</summary>
    private sealed class PrecomputedChunker : IChunker
    {
        public IReadOnlyList<string> Chunk(string text) => text.Length == 0 ? [] : text.Split('\n');
    }
}
