namespace Beacon.Web.Endpoints.Contracts;

public sealed record DatasetDetailResponse(DatasetResponse Dataset, PageResponse<DatasetQuestionResponse> Questions);
