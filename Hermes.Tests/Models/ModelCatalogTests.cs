using System.Text;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Models;
using Microsoft.Extensions.Configuration;

namespace Hermes.Tests.Models;

/// <summary>How <c>Hermes:Model</c> is read: providers and chain, the shorthand, <c>provider:model</c> names, never-downgrade routes.</summary>
public sealed class ModelCatalogTests
{
    // The README's worked example.
    private const string WorkedExample = """
        {
          "Hermes": {
            "Model": {
              "Providers": {
                "openai":    { "Kind": "openai", "BaseUrl": "https://api.openai.com/v1" },
                "anthropic": { "Kind": "anthropic", "MaxOutputTokens": 4096 },
                "ollama":    { "Kind": "openai", "BaseUrl": "http://127.0.0.1:11434/v1", "RequestTimeout": "00:10:00", "MaxRetries": 0 }
              },
              "Chain": [
                { "Provider": "openai",    "Model": "gpt-4.1",          "ContextLength": 1047576 },
                { "Provider": "anthropic", "Model": "claude-sonnet-4-5", "ContextLength": 200000 },
                { "Provider": "ollama",    "Model": "qwen3:8b",          "ContextLength": 32768 }
              ],
              "NeverDowngrade": [ "api:" ]
            }
          }
        }
        """;

    [Fact]
    public void The_worked_example_reads_as_three_providers_and_a_chain_across_them()
    {
        var options = Bind(WorkedExample);
        var catalog = new ModelCatalog(options);

        Assert.True(new ModelOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(["openai:gpt-4.1", "anthropic:claude-sonnet-4-5", "ollama:qwen3:8b"], catalog.Chain.Select(link => link.Name));
        Assert.Equal([1047576, 200000, 32768], catalog.Chain.Select(link => link.ContextLength));
        var anthropic = catalog.Providers["anthropic"];
        Assert.Equal((ModelProviderKind.Anthropic, "https://api.anthropic.com/", 4096), (anthropic.Kind, anthropic.BaseUrl.ToString(), anthropic.MaxOutputTokens));
        Assert.Equal((0, TimeSpan.FromMinutes(10), 2), (catalog.Providers["ollama"].MaxRetries, catalog.Providers["ollama"].RequestTimeout, catalog.Providers["openai"].MaxRetries));
        Assert.Equal(["anthropic:claude"], catalog.ChainFor("anthropic:claude", catalog.NeverDowngrades("api:dm:alice")).Select(link => link.Name));
        Assert.Equal(3, catalog.ChainFor(null, catalog.NeverDowngrades("console:dm:alice")).Length);
        Assert.True(catalog.Chain.All(link => !link.FallOverOn.Contains(ErrorKind.ContentPolicy)));
    }

    [Fact]
    public void The_single_endpoint_keys_are_one_provider_whose_models_need_no_prefix()
    {
        var catalog = new ModelCatalog(new ModelOptions { Primary = "qwen3:8b", Fallbacks = ["llama3.2"], ApiKey = "sk-shorthand-key" });

        Assert.Equal(["qwen3:8b", "llama3.2"], catalog.Chain.Select(link => link.Name));
        Assert.All(catalog.Chain, link => Assert.Equal(ModelOptions.ShorthandProvider, link.Provider));
        Assert.Equal(["sk-shorthand-key"], catalog.Providers[ModelOptions.ShorthandProvider].Keys.ToArray());
    }

    [Fact]
    public void A_model_name_is_provider_and_model_only_when_its_first_part_names_a_provider()
    {
        var catalog = new ModelCatalog(Bind(WorkedExample));

        Assert.Equal(("anthropic", "claude-opus-4-1"), Parts(catalog.Link("anthropic:claude-opus-4-1", "openai")));
        Assert.Equal(("openai", "gpt-4o:latest"), Parts(catalog.Link("gpt-4o:latest", "openai")));
        Assert.Equal(32768, catalog.Link("ollama:qwen3:8b", "openai").ContextLength);
        Assert.Equal(["anthropic:claude-opus-4-1", "openai:gpt-4.1", "anthropic:claude-sonnet-4-5", "ollama:qwen3:8b"], catalog.ChainFor("anthropic:claude-opus-4-1", neverDowngrade: false).Select(link => link.Name));
    }

    [Theory]
    [InlineData("*", "console:dm:1", true)]
    [InlineData("api:", "api:dm:alice/default", true)]
    [InlineData("api:", "apiary:dm:1", false)]
    [InlineData("telegram:dm:12*", "telegram:dm:1234", true)]
    [InlineData("telegram:dm:1234", "telegram:dm:1234", true)]
    [InlineData("telegram:dm:1234", "telegram:dm:12345", false)]
    public void Never_downgrade_routes_are_session_keys_or_their_prefixes(string route, string sessionKey, bool expected) =>
        Assert.Equal(expected, new ModelCatalog(new ModelOptions { NeverDowngrade = [route] }).NeverDowngrades(sessionKey));

    [Fact]
    public void A_chain_naming_an_unknown_provider_is_refused_at_start()
    {
        var options = Bind(WorkedExample);
        options.Chain.Add(new ModelChainEntry { Provider = "azure", Model = "gpt-4.1" });

        var result = new ModelOptionsValidator().Validate(null, options);

        Assert.Contains("Hermes:Model:Chain:3:Provider 'azure' is not one of Hermes:Model:Providers", result.FailureMessage);
    }

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("20ms", 20)]
    [InlineData("6m0s", 360000)]
    [InlineData("1h2m3.5s", 3723500)]
    [InlineData("2.5", 2500)]
    public void OpenAI_reset_durations_are_read(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RateLimitReset.Duration(text));

    private static (string, string) Parts(ModelLink link) => (link.Provider, link.Model);

    private static ModelOptions Bind(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var options = new ModelOptions();
        configuration.GetSection(ModelOptions.SectionName).Bind(options);
        return options;
    }
}
