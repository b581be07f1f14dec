using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hermes.ServiceDefaults.Secrets;

public static class SecretRedactionExtensions
{
    /// <summary>Registers the host's <see cref="SecretRedactor"/>, which knows the secrets of <paramref name="configuration"/>; a second call keeps the first.</summary>
    public static IServiceCollection AddSecretRedactor(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => new SecretRedactor(configuration));
        return services;
    }
}
