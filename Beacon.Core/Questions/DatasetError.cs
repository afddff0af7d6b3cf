namespace Beacon.Core.Questions;

/// <summary>
/// Why a file cannot be imported. <see cref="Line"/> is the 1-based line of the file where the record starts
/// (a quoted CSV field may span several lines); 0 means the file as a whole. <see cref="Field"/> names the column or
/// property at fault, when one is.
/// </summary>
public sealed record DatasetError(int Line, string? Field, string Message)
{
    public override string ToString() => Line == 0 ? Message : $"line {Line}: {Message}";
}
