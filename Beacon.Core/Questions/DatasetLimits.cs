namespace Beacon.Core.Questions;

/// <summary>What one import may hold. The column limits match the <c>questions</c> table.</summary>
public static class DatasetLimits
{
    public const int MaxQuestions = 10_000;
    public const int MaxFileBytes = 20 * 1024 * 1024;
    public const int MaxTextLength = 20_000;
    public const int MaxIdLength = 200;
    public const int MaxCategoryLength = 100;
    public const int MaxLanguageLength = 16;
    public const int MaxNameLength = 200;
    public const int MaxSourceLength = 500;
    public const int MaxLicenceLength = 200;

    /// <summary>The category given to a question whose file has no category (or subject) for it.</summary>
    public const string DefaultCategory = "uncategorised";
}
