namespace Beacon.Web.Endpoints.Contracts;

/// <summary>PUT /api/datasets/{id}/sharing: true shares the set with everyone signed in, false makes it private to its owner.</summary>
public sealed record DatasetSharingRequest(bool? SharedWithEveryone);
