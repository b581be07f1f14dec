using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hermes.Tests.Infrastructure;

/// <summary>Lets a front-end's first connection wait for a silo process that is still starting, for a minute at most.</summary>
internal static class SiloStartRetry
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private const int Attempts = 240;

    public static void Configure(HostApplicationBuilder builder)
    {
        // A refused connection is expected until the silo listens; only a failure to connect at all is worth printing.
        builder.Logging.AddFilter("Orleans.Runtime.Messaging", LogLevel.Error);
        var attempts = 0;
        builder.UseOrleansClient(client => client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(Interval, cancellationToken);
            return ++attempts < Attempts;
        }));
    }
}
