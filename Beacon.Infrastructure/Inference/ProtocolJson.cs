using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beacon.Infrastructure.Inference;

/// <summary>JSON settings of the regional endpoint protocol (contracts/regional-endpoint): snake_case.</summary>
public static class ProtocolJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
