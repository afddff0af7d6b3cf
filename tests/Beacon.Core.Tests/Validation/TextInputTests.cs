using Beacon.Core.Validation;

namespace Beacon.Core.Tests.Validation;

public sealed class TextInputTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Tiananmen 1989")]
    [InlineData("天安门事件是什么？")]
    [InlineData("line one\nline two\r\n\ttabbed")]
    [InlineData("emoji 😀 pairs")]
    public void OrdinaryTextIsAccepted(string? text) => Assert.Null(TextInput.Problem(text));

    [Fact]
    public void ANulCharacterIsNamedWithItsPosition() =>
        Assert.Equal("contains the control character U+0000 at position 4; remove it", TextInput.Problem("abc\0def"));

    [Fact]
    public void OtherControlCharactersAreRefusedToo() =>
        Assert.StartsWith("contains the control character U+001B", TextInput.Problem("\u001b[31mred"), StringComparison.Ordinal);

    [Fact]
    public void AnUnpairedSurrogateIsRefused() =>
        Assert.StartsWith("contains an unpaired surrogate", TextInput.Problem("broken \ud800 text"), StringComparison.Ordinal);
}
