namespace Beacon.Core.Analysis;

/// <summary>A unit of content: a Latin-script word (Key is its crude stem) or a CJK bigram/lone character.</summary>
internal readonly record struct ContentTerm(string Key, bool IsCjk, bool IsNumber);
