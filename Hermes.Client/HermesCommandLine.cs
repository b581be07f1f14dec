using System.CommandLine;
using Hermes.Client.Api;
using Hermes.Client.Console;
using Hermes.Client.Operator;
using Hermes.Client.Telegram;

namespace Hermes.Client;

/// <summary>The <c>hermes</c> command: front-ends and operator commands. Each reads Hermes:Cluster to find the cluster.</summary>
public static class HermesCommandLine
{
    public static RootCommand Create() => new("Hermes: talk to long-lived AI agents hosted on an Orleans cluster.")
    {
        ConsoleChatCommand.Create(),
        ApiCommand.Create(),
        TelegramCommand.Create(),
        PairingCommand.Create(),
        SessionCommand.Create(),
    };
}
