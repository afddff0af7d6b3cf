using System.Globalization;

namespace Beacon.Core.Validation;

/// <summary>
/// Rules every text a user sends must meet before it is stored. PostgreSQL cannot store U+0000 in text at all, and the
/// other C0 control characters (other than tab, line feed and carriage return) are never meant: both are rejected with a
/// message naming the character, never stored, cut or turned into a server error.
/// </summary>
public static class TextInput
{
    /// <summary>Why <paramref name="value"/> cannot be stored, or null when it can (null and empty can).</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < ' ' && c is not '\t' and not '\n' and not '\r')
            {
                return $"contains the control character U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)} at position {(i + 1).ToString(CultureInfo.InvariantCulture)}; remove it";
            }
            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1])))
            {
                return $"contains an unpaired surrogate (U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}) at position {(i + 1).ToString(CultureInfo.InvariantCulture)}, which is not valid text";
            }
        }
        return null;
    }
}
