using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Hermes.ServiceDefaults.Configuration;

/// <summary>How Hermes gives a host its defaults: as the lowest configuration layer, so every other source wins, key by key.</summary>
public static class ConfigurationDefaults
{
    /// <summary>Puts <paramref name="defaults"/> beneath every configuration source already added or added later.</summary>
    public static void AddBeneath(this IConfigurationManager configuration, IEnumerable<KeyValuePair<string, string?>> defaults) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
}
