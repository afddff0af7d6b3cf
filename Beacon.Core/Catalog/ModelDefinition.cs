namespace Beacon.Core.Catalog;

public sealed record ModelDefinition(string Id, string HuggingFaceRepo, int ContextLength, string HomeRegion, string Note);
