using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

public sealed class EffectiveClassTests
{
    [Fact]
    public void AnOverrideWinsOverTheClassifier() =>
        Assert.Equal(ResponseClass.Substantive, EffectiveClass.Resolve(true, "Refusal", "Substantive"));

    [Fact]
    public void WithoutAnOverrideTheClassifierDecides() =>
        Assert.Equal(ResponseClass.Refusal, EffectiveClass.Resolve(true, "Refusal", null));

    [Fact]
    public void AnUnfinishedExecutionHasNoClass() =>
        Assert.Null(EffectiveClass.Resolve(false, "Refusal", "Refusal"));

    [Theory]
    [InlineData("refusal", ResponseClass.Refusal)]
    [InlineData("TechnicalFailure", ResponseClass.TechnicalFailure)]
    [InlineData("technical_failure", ResponseClass.TechnicalFailure)]
    [InlineData("technical failure", ResponseClass.TechnicalFailure)]
    [InlineData("PARTIAL", ResponseClass.Partial)]
    public void ClassNamesAreReadAsPeopleWriteThem(string name, ResponseClass expected) =>
        Assert.Equal(expected, EffectiveClass.Parse(name));

    [Theory]
    [InlineData("refused")]
    [InlineData("2")]
    [InlineData("")]
    public void AnythingElseIsNotAClass(string name) => Assert.Null(EffectiveClass.Parse(name));
}
