namespace Beacon.Infrastructure.Export;

/// <summary>How a CSV export is written, for the program that opens it. Each variant has its own file name.</summary>
public enum CsvVariant
{
    /// <summary>Texts verbatim, UTF-8 without a byte-order mark: for programs (pandas, R, csvkit).</summary>
    Plain,

    /// <summary>Fields a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe.</summary>
    SpreadsheetSafe,

    /// <summary>
    /// Spreadsheet-safe, and starting with a UTF-8 byte-order mark: without it Excel reads the file in the legacy code
    /// page and garbles every Chinese character.
    /// </summary>
    Excel,
}
