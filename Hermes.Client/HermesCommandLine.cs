using System.CommandLine;
using Hermes.Client.Console;

namespace Hermes.Client;

/// <summary>The <c>hermes</c> command: front-ends and operator commands.</summary>
public static class HermesCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Hermes: talk to long-lived AI agents hosted on an Orleans cluster.");
        root.Subcommands.Add(ConsoleChatCommand.Create());
        return root;
    }
}
