using Beacon.Core.Questions;
using Beacon.Infrastructure.Services;

namespace Beacon.Web.Endpoints;

/// <summary>
/// A question-set file as it arrives: a multipart form (field <c>file</c>, plus <c>name</c>, <c>format</c>, <c>source</c>,
/// <c>licence</c>) or the raw body (fields in the query string). Reading stops at the size limit.
/// </summary>
public sealed record DatasetUpload(byte[] Content, DatasetRequest Request, IReadOnlyDictionary<string, string[]> Errors)
{
    public static async Task<DatasetUpload> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        string? Query(string key) => request.Query.TryGetValue(key, out var v) ? v.ToString() : null;
        string? name = Query("name"), format = Query("format"), source = Query("source"), licence = Query("licence") ?? Query("license"), fileName = Query("fileName");
        byte[] content = [];

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            string? Field(string key, string? fallback) => form.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : fallback;
            name = Field("name", name);
            format = Field("format", format);
            source = Field("source", source);
            licence = Field("licence", Field("license", licence));
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null)
            {
                errors["file"] = ["Attach the file as the form field 'file'."];
            }
            else if (file.Length > DatasetLimits.MaxFileBytes)
            {
                errors["file"] = [TooLarge(file.Length)];
            }
            else
            {
                fileName ??= file.FileName;
                content = new byte[file.Length];
                await using var stream = file.OpenReadStream();
                await stream.ReadExactlyAsync(content, cancellationToken);
            }
        }
        else
        {
            if (request.ContentLength is > DatasetLimits.MaxFileBytes)
            {
                errors["file"] = [TooLarge(request.ContentLength.Value)];
            }
            else
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > DatasetLimits.MaxFileBytes)
                    {
                        errors["file"] = [TooLarge(buffer.Length)];
                        break;
                    }
                }
                content = buffer.ToArray();
            }
        }

        DatasetFormat? parsed = null;
        if (!string.IsNullOrWhiteSpace(format))
        {
            parsed = DatasetParser.ParseFormatName(format);
            if (parsed is null)
            {
                errors["format"] = [$"Unknown format '{format}'. Use csv or jsonl, or leave it out to detect it."];
            }
        }
        else if (request.ContentType is { } type && !request.HasFormContentType)
        {
            parsed = type.Split(';')[0].Trim().ToLowerInvariant() switch
            {
                "text/csv" => DatasetFormat.Csv,
                "application/x-ndjson" or "application/jsonl" or "application/x-jsonlines" or "application/jsonlines" => DatasetFormat.Jsonl,
                _ => null,
            };
        }

        return new DatasetUpload(content, new DatasetRequest(name, parsed, fileName, source, licence), errors);
    }

    private static string TooLarge(long bytes) =>
        $"The file is {bytes:N0} bytes or more; at most {DatasetLimits.MaxFileBytes:N0} bytes can be imported at once. Split it into several sets.";
}
