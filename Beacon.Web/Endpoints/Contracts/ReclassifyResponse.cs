using Beacon.Infrastructure.Services;

namespace Beacon.Web.Endpoints.Contracts;

public sealed record ReclassifyResponse(string ClassifierVersion, int Examined, int ClassChanged, int Updated, int ChangedButOverridden, bool JudgeQueued, string Message)
{
    public static ReclassifyResponse From(ReclassifyResult r) => new(r.ClassifierVersion, r.Examined, r.ClassChanged, r.Updated, r.ChangedButOverridden, r.JudgeQueued, r.Message);
}
