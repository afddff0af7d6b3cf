using Beacon.Core.Questions;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>A row left out because its text is already in the file (line) or the catalogue (id).</summary>
public sealed record DuplicateResponse(int Line, string Text, int? DuplicateOfLine, string? DuplicateOfId)
{
    public static DuplicateResponse From(DuplicateQuestion d) =>
        new(d.Line, d.Text.Length <= 200 ? d.Text : d.Text[..199] + "…", d.DuplicateOfLine, d.DuplicateOfId);
}
