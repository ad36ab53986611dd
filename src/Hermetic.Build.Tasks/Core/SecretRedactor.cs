using System.Text.RegularExpressions;

namespace Hermetic.Build.Core;

/// <summary>Removes credentials from text before it reaches a log: the user-info part of URLs
/// (<c>https://user:token@host/</c>, up to the last '@' before the path, so a raw '@' in a password is covered) and credential-looking query parameters.</summary>
public static partial class SecretRedactor
{
    public const string Mask = "***";

    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)(?<userinfo>[^/\s]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?<key>[?&](?:access_token|token|password|pwd|sig|signature|api[_-]?key|key|secret)=)(?<value>[^&\s""'<>#]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretQuery();

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        if (text.IndexOf("://", StringComparison.Ordinal) < 0)
        {
            return text;
        }

        var withoutUserInfo = UserInfo().Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
        return SecretQuery().Replace(withoutUserInfo, m => m.Groups["key"].Value + Mask);
    }
}
