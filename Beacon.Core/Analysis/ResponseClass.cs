namespace Beacon.Core.Analysis;

public enum ResponseClass
{
    Substantive,
    Partial,
    Refusal,
    TechnicalFailure,
}
