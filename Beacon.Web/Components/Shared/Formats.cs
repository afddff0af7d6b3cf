using System.Globalization;
using Beacon.Core.Jobs;

namespace Beacon.Web.Components.Shared;

/// <summary>How durations, latencies and statuses read on the pages (invariant culture: one look for every reader).</summary>
public static class Formats
{
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes:00} min"
            : span.TotalMinutes >= 1 ? $"{span.Minutes} min {span.Seconds:00} s"
            : $"{span.Seconds} s";
    }

    /// <summary>Seconds with a tenth ("1.3 s", "245 s"); under a tenth in milliseconds ("4 ms"), so a fast loopback call doesn't read "0.0 s".</summary>
    public static string Seconds(double? seconds) => seconds switch
    {
        null => "–",
        < 0.095 and > 0 => (seconds.Value * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms",
        { } s => s.ToString(s < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + " s",
    };

    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    public static string Time(DateTimeOffset? at) => at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "–";

    /// <summary>Time of day (UTC) for tables where the date is obvious; the full time goes in a tooltip.</summary>
    public static string ClockTime(DateTimeOffset? at) => at is { } t ? t.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "–";

    public static string Lower(ExecutionStatus status) => status.ToString().ToLowerInvariant();

    public static string Lower(JobStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Cents, and up to four decimals below a dollar (one call often costs a fraction of a cent).</summary>
    public static string Usd(decimal amount) =>
        amount.ToString(Math.Abs(amount) < 1m ? "$#,##0.00##" : "$#,##0.00", CultureInfo.InvariantCulture);
}
