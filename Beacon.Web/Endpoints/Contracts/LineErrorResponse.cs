using Beacon.Core.Questions;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>One reason a file cannot be imported; <see cref="Line"/> 0 is the file as a whole.</summary>
public sealed record LineErrorResponse(int Line, string? Field, string Message)
{
    public static LineErrorResponse From(DatasetError e) => new(e.Line, e.Field, e.Message);
}
