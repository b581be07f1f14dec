using System.CommandLine;
using Hermes.Client.Api;
using Hermes.Client.Console;
using Hermes.Client.FrontDoor;
using Hermes.Client.Operator;
using Hermes.Client.Telegram;
using Microsoft.Extensions.Options;

namespace Hermes.Client;

/// <summary>The <c>hermes</c> command: front-ends and operator commands. Each finds the cluster through the <c>Orleans</c> section.</summary>
public static class HermesCommandLine
{
    /// <summary>The exit code of a command whose settings are invalid.</summary>
    public const int InvalidSettings = 2;

    public static RootCommand Create() => new("Hermes: talk to long-lived AI agents hosted on an Orleans cluster.")
    {
        ConsoleChatCommand.Create(),
        ApiCommand.Create(),
        TelegramCommand.Create(),
        PairingCommand.Create(),
        SessionCommand.Create(),
        ScheduleCommand.Create(),
        BudgetCommand.Create(),
    };

    /// <summary>
    /// Runs a command. A cluster that cannot be reached, or settings that fail validation, end it with one line on
    /// <paramref name="error"/> and a non-zero exit code, never a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        try
        {
            return await Create().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (ClusterUnreachableException unreachable)
        {
            await error.WriteLineAsync(unreachable.Message);
            return ClusterUnreachableException.ExitCode;
        }
        catch (OptionsValidationException invalid)
        {
            await error.WriteLineAsync($"Hermes cannot start: {string.Join(" ", invalid.Failures)}");
            return InvalidSettings;
        }
        catch (Exception unexpected) when (unexpected is not OperationCanceledException)
        {
            // What System.CommandLine's own handler would print, without ending the process through an unhandled exception.
            await error.WriteLineAsync(unexpected.ToString());
            return 1;
        }
    }
}
