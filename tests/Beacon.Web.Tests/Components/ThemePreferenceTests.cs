using Beacon.Web.Components.Layout;

namespace Beacon.Web.Tests.Components;

public sealed class ThemePreferenceTests
{
    [Theory]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    [InlineData("light", true, false)]
    [InlineData("dark", false, true)]
    [InlineData("something else", true, true)]
    public void TheReadersChoiceWinsElseTheSystemDecides(string? chosen, bool systemDark, bool dark)
    {
        Assert.Equal(dark, ThemePreference.IsDark(chosen, systemDark));
    }

    [Fact]
    public void AChoiceMatchingTheSystemIsNotStoredSoTheSystemIsFollowedAgain()
    {
        Assert.Equal("light", ThemePreference.Choice(dark: false, systemDark: true));
        Assert.Equal("dark", ThemePreference.Choice(dark: true, systemDark: false));
        Assert.Null(ThemePreference.Choice(dark: true, systemDark: true));
        Assert.Null(ThemePreference.Choice(dark: false, systemDark: false));
    }
}
