using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.Configuration;

namespace Hermes.Tests.Infrastructure;

/// <summary>Redactors for tests of parts that take one.</summary>
public static class Redactors
{
    /// <summary>Knows no secret: text passes unchanged.</summary>
    public static SecretRedactor None { get; } = new(new ConfigurationBuilder().Build());
}
