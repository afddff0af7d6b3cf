using Beacon.Core.Questions;

namespace Beacon.Infrastructure.Services;

/// <summary>What accompanies a question-set file: the set's name, the format (null: detect), and where it came from.</summary>
public sealed record DatasetRequest(string? Name, DatasetFormat? Format = null, string? FileName = null, string? Source = null, string? Licence = null);
