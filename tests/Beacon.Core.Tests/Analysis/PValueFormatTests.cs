using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

public sealed class PValueFormatTests
{
    [Theory]
    [InlineData(0.049787, "p = 0.0498")]
    [InlineData(0.0502, "p = 0.0502")]
    [InlineData(0.05, "p = 0.05")]
    [InlineData(0.111111, "p = 0.11")]
    [InlineData(0.25, "p = 0.25")]
    [InlineData(0.03125, "p = 0.031")]
    [InlineData(1, "p = 1")]
    [InlineData(0.0004, "p < 0.001")]
    [InlineData(0.0499999999, "p < 0.05")]
    public void PValuesNeverReadAsTheLevelUnlessTheyAreIt(double p, string expected)
    {
        Assert.Equal(expected, PValueFormat.Format(p));
    }

    [Fact]
    public void ThePrintedNumberAlwaysFallsOnTheSameSideOfFivePercentAsTheValue()
    {
        for (var p = 0.04; p < 0.06; p += 0.00001)
        {
            var text = PValueFormat.Number(p);
            if (text.StartsWith('<') || text.StartsWith('>'))
            {
                continue;
            }
            var shown = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(p < 0.05, shown < 0.05);
        }
    }
}
