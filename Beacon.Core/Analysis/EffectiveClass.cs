namespace Beacon.Core.Analysis;

/// <summary>
/// The class an answer counts as: a researcher's override when there is one, otherwise the classifier's. The
/// classifier's class is never overwritten by an override, so both stay visible (and a re-classification never
/// touches an override).
/// </summary>
public static class EffectiveClass
{
    /// <param name="finished">Whether the execution finished (succeeded or failed); unfinished ones have no class.</param>
    public static ResponseClass? Resolve(bool finished, string? classifierClass, string? overrideClass)
    {
        if (!finished)
        {
            return null;
        }
        return Parse(overrideClass) ?? Parse(classifierClass);
    }

    /// <summary>
    /// Reads a class name as stored ("Refusal") or as people type it ("refusal", "technical_failure",
    /// "technical failure"); null when it is not one of the four classes.
    /// </summary>
    public static ResponseClass? Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var compact = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return Enum.TryParse<ResponseClass>(compact, ignoreCase: true, out var value) && Enum.IsDefined(value) && !compact.Any(char.IsDigit)
            ? value
            : null;
    }
}
