using Hermes.Contracts.Sessions;
using Hermes.Grains.Models;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Hermes.Tests.Operations;

public sealed class SecretRedactorTests
{
    private const string ModelKey = "sk-model-canary-0a1b2c3d";

    private static SecretRedactor RedactorOf(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value))).Build());

    [Theory]
    [InlineData("Hermes:Model:ApiKey", ModelKey)]
    [InlineData("OPENAI_API_KEY", ModelKey)]
    [InlineData("Hermes:Api:Keys:alice", ModelKey)]
    [InlineData("Hermes:Telegram:BotToken", "123456:ABC-def_ghi")]
    [InlineData("Hermes:Dashboard:Password", "dashboard-canary")]
    [InlineData("Hermes:Mcp:Servers:github:env:GITHUB_TOKEN", "ghp_canary123")]
    [InlineData("Hermes:Mcp:Servers:search:headers:Authorization", "search-canary-9")]
    public void A_value_whose_setting_names_a_secret_is_masked_wherever_it_occurs(string key, string secret)
    {
        var redactor = RedactorOf((key, secret));

        Assert.Equal($"before [redacted] after [redacted].", redactor.Redact($"before {secret} after {secret}."));
    }

    [Theory]
    [InlineData("Orleans:Clustering:ConnectionString", "redis:6379,password=redis-canary-1,ssl=true", "redis-canary-1")]
    [InlineData("ConnectionStrings:sessions", "Host=db;Username=hermes;Password=pg-canary-22;Database=hermes", "pg-canary-22")]
    public void The_password_of_a_connection_string_is_masked(string key, string connectionString, string password)
    {
        var redactor = RedactorOf((key, connectionString));

        Assert.Equal("auth failed for [redacted]", redactor.Redact($"auth failed for {password}"));
    }

    [Fact]
    public void A_bearer_credential_is_masked_even_when_no_setting_names_it()
    {
        var redactor = RedactorOf();

        Assert.Equal(
            "Incorrect API key provided: Bearer [redacted]. See the docs on Bearer authentication.",
            redactor.Redact("Incorrect API key provided: Bearer sk-unlisted-123456789. See the docs on Bearer authentication."));
    }

    [Fact]
    public void Ordinary_settings_and_text_are_left_alone()
    {
        var redactor = RedactorOf(("Hermes:Model:Primary", "gpt-4.1-mini"), ("Hermes:Api:Keys:short", "abc"), ("Urls", "http://127.0.0.1:8080"));

        const string text = "gpt-4.1-mini at http://127.0.0.1:8080 answered abc";
        Assert.Equal(text, redactor.Redact(text));
    }

    [Fact]
    public void A_secret_that_contains_another_is_masked_whole()
    {
        var redactor = RedactorOf(("Hermes:Api:Keys:a", "canary-key"), ("Hermes:Api:Keys:b", "canary-key-longer"));

        Assert.Equal("[redacted] and [redacted]", redactor.Redact("canary-key-longer and canary-key"));
    }

    [Fact]
    public void A_secret_set_after_start_is_masked_once_the_configuration_reloads()
    {
        var source = new MemoryConfigurationSource();
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var redactor = new SecretRedactor(configuration);

        configuration["Hermes:Model:ApiKey"] = "rotated-canary-key";
        configuration.Reload();

        Assert.Equal("[redacted]", redactor.Redact("rotated-canary-key"));
    }

    [Fact]
    public void The_redactor_never_prints_the_secrets_it_knows()
    {
        var redactor = RedactorOf(("Hermes:Model:ApiKey", ModelKey));

        Assert.DoesNotContain(ModelKey, redactor.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_error_that_quotes_the_key_is_classified_with_the_key_masked()
    {
        var redactor = RedactorOf(("Hermes:Model:ApiKey", ModelKey));

        var error = ModelErrorClassifier.Classify(new ModelStreamException(401, "invalid_api_key", $"Incorrect API key provided: {ModelKey}"), "m", redactor);

        Assert.Equal(ErrorKind.Unauthorized, error.Kind);
        Assert.Equal("Incorrect API key provided: [redacted]", error.Message);
    }
}
