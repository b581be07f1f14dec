using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Hermes.ServiceDefaults.Secrets;

/// <summary>
/// Replaces the host's configured secrets in text that came from outside (a model provider's error message, say) before
/// that text is stored, shown, logged or traced. A provider that echoes the <c>Authorization</c> header would otherwise
/// carry the key into session state, replies and telemetry.
/// </summary>
/// <remarks>
/// A secret is the value of any configuration entry whose name says it is one (<c>ApiKey</c>, <c>Keys</c>, <c>Token</c>,
/// <c>Password</c>, <c>Secret</c>, <c>Authorization</c>, in any segment, so <c>Hermes:Api:Keys:alice</c>,
/// <c>Hermes:Telegram:BotToken</c>, <c>OPENAI_API_KEY</c> and an MCP server's <c>headers:Authorization</c> all count), plus
/// the <c>password=</c> part of any connection string (Redis, ADO.NET). A <c>Bearer</c> credential is masked too,
/// configured or not (a key from a pool the configuration does not list). The values are re-read when the configuration
/// reloads, and never printed. Microsoft.Extensions.Compliance.Redaction does not fit: its redactors mask a whole value
/// known to be sensitive, while here the secrets must be found inside free text.
/// </remarks>
public sealed partial class SecretRedactor
{
    public const string Mask = "[redacted]";

    /// <summary>Shorter values are not searched for: masking them would mangle ordinary words, and no real key is this short.</summary>
    public const int MinimumSecretLength = 6;

    private const string OpenAIApiKeyVariable = "OPENAI_API_KEY";
    private const string BearerPrefix = "Bearer ";

    // Compared without case, '_' or '-', so that environment variables (OPENAI_API_KEY) match too.
    private static readonly string[] SecretNameEndings = ["apikey", "keys", "token", "tokens", "password", "secret", "secrets", "authorization"];

    private readonly IConfiguration _configuration;
    private string[] _secrets = [];

    public SecretRedactor(IConfiguration configuration)
    {
        _configuration = configuration;
        ChangeToken.OnChange(configuration.GetReloadToken, Load);
        Load();
    }

    /// <summary>How many distinct secrets are masked; the values themselves are never exposed.</summary>
    public int Count => Volatile.Read(ref _secrets).Length;

    /// <summary>The text with every configured secret and every <c>Bearer</c> credential replaced by <see cref="Mask"/>.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in Volatile.Read(ref _secrets))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return BearerCredential().Replace(text, $"Bearer {Mask}");
    }

    public override string ToString() => $"{nameof(SecretRedactor)} ({Count} secrets)";

    private void Load()
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<KeyValuePair<string, string?>> entries =
        [
            .. _configuration.AsEnumerable(),

            // The model's key may come from the process environment even where it is not a configuration source.
            new(OpenAIApiKeyVariable, Environment.GetEnvironmentVariable(OpenAIApiKeyVariable)),
        ];
        foreach (var (key, value) in entries)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var trimmed = value.Trim();
            if (NamesASecret(key))
            {
                secrets.Add(trimmed);
                if (trimmed.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    secrets.Add(trimmed[BearerPrefix.Length..].Trim());
                }
            }

            foreach (Match password in ConnectionStringPassword().Matches(trimmed))
            {
                secrets.Add(password.Groups["password"].Value.Trim());
            }
        }

        // Longest first, so that a secret containing another is masked whole.
        Volatile.Write(ref _secrets, [.. secrets.Where(secret => secret.Length >= MinimumSecretLength).OrderByDescending(secret => secret.Length)]);
    }

    private static bool NamesASecret(string key) => key.Split(':').Any(segment =>
    {
        var name = segment.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return SecretNameEndings.Any(ending => name.EndsWith(ending, StringComparison.OrdinalIgnoreCase));
    });

    // A credential has digits ("Bearer authentication" in prose is left alone) and does not take a sentence's full stop.
    [GeneratedRegex(@"\bBearer\s+(?=[A-Za-z._~+/=:-]*\d)[A-Za-z0-9._~+/=:-]{7,}[A-Za-z0-9_~+/=-]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerCredential();

    [GeneratedRegex(@"\b(?:password|pwd)\s*=\s*(?<password>[^,;]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionStringPassword();
}
