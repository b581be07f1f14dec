using Orleans.Runtime;

namespace Hermes.Client.Operator;

/// <summary>Runs an operator command against the cluster and turns an unreachable cluster into a clear message.</summary>
public static class OperatorConsole
{
    public const int Unreachable = 3;

    public static async Task<int> RunAsync(Func<IClusterClient, TextWriter, Task<int>> command, CancellationToken cancellationToken)
    {
        var output = System.Console.Out;
        try
        {
            using var host = await ClusterClientHost.StartAsync(settings: null, cancellationToken);
            try
            {
                return await command(host.Client(), output);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is SiloUnavailableException or OrleansException or TimeoutException)
        {
            await output.WriteLineAsync($"Could not reach the Hermes cluster: {exception.Message}");
            return Unreachable;
        }
    }
}
