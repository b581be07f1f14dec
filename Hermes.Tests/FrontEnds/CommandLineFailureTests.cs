using System.Diagnostics;
using System.Globalization;
using Hermes.Client;
using Hermes.Client.FrontDoor;
using Hermes.Tests.Infrastructure;

namespace Hermes.Tests.FrontEnds;

/// <summary>
/// The real <c>hermes</c> program when it cannot do its work: with no silo to reach, every front-end and operator command
/// says so in one line, with no stack trace, and exits with <see cref="ClusterUnreachableException.ExitCode"/> once its
/// connect timeout has passed; settings it refuses are named in one line too.
/// </summary>
public sealed class CommandLineFailureTests
{
    private static readonly string HermesAssembly = typeof(HermesCommandLine).Assembly.Location;

    [Theory]
    [InlineData("chat", "-m", "hi")]
    [InlineData("chat", "--status")]
    [InlineData("session", "status", "console:dm:nobody")]
    [InlineData("pairing", "list", "telegram")]
    [InlineData("api", "--urls", "http://127.0.0.1:0")]
    [InlineData("telegram")]
    public async Task A_command_with_no_silo_to_reach_prints_one_line_and_exits_unreachable(params string[] command)
    {
        var (exitCode, output, error) = await RunHermesAsync(command);

        Assert.Equal(ClusterUnreachableException.ExitCode, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Could not reach the Hermes cluster", line);
        Assert.DoesNotContain("   at ", output + error);
        Assert.DoesNotContain("warn:", output);
        Assert.DoesNotContain("fail:", output);
    }

    [Fact]
    public async Task An_api_key_shorter_than_sixteen_characters_is_refused_at_start_in_one_line()
    {
        var (exitCode, _, error) = await RunHermesAsync(["api", "--urls", "http://127.0.0.1:0"], ("Hermes__Api__Keys__tester", "sk-alice-secret"));

        Assert.Equal(HermesCommandLine.InvalidSettings, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("at least 16 characters", line);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunHermesAsync(string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(HermesAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A gateway nobody listens on, a short connect timeout, and what the API and the bot need to get as far as connecting.
        start.Environment["Orleans__Clustering__ProviderType"] = "Static";
        start.Environment["Orleans__Clustering__Gateways__0"] = $"127.0.0.1:{LoopbackPort.Free().ToString(CultureInfo.InvariantCulture)}";
        start.Environment["Hermes__Client__ConnectTimeout"] = "00:00:01";
        start.Environment["Hermes__Api__Keys__tester"] = "sk-tester-0123456789abcdef";
        start.Environment["Hermes__Telegram__BotToken"] = TelegramBotApiStandIn.Token;
        start.Environment["Hermes__Telegram__ApiBaseUrl"] = $"http://127.0.0.1:{LoopbackPort.Free().ToString(CultureInfo.InvariantCulture)}";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("hermes did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();

        // A bound for a hung process only; the test asserts that it exits, not how fast.
        using var hung = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(hung.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"hermes {string.Join(' ', arguments)} did not exit:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
