using Hermes.Client.FrontDoor;

namespace Hermes.Client.Operator;

/// <summary>Runs an operator command against the cluster and turns a cluster that stops answering into one clear line.</summary>
public static class OperatorConsole
{
    public const int Unreachable = ClusterUnreachableException.ExitCode;

    /// <exception cref="ClusterUnreachableException">No silo answered within <see cref="HermesClientOptions.ConnectTimeout"/>.</exception>
    public static async Task<int> RunAsync(Func<IClusterClient, TextWriter, Task<int>> command, CancellationToken cancellationToken)
    {
        var output = System.Console.Out;
        using var host = await ClusterClientHost.StartAsync(settings: null, cancellationToken);
        try
        {
            return await command(host.Client(), output);
        }
        catch (Exception exception) when (ClusterFault.IsTransient(exception))
        {
            await System.Console.Error.WriteLineAsync($"The Hermes cluster did not answer: {exception.Message.ReplaceLineEndings(" ")}");
            return Unreachable;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
