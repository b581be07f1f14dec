using System.CommandLine;
using Hermes.Contracts.Budgets;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Operator;

/// <summary>
/// <c>hermes budget show|set|lift|reset</c>: an operator looks at a budget (a session's, a user's or the deployment's),
/// raises or lowers its caps, lifts them, or hands it back to the configured caps.
/// </summary>
public static class BudgetCommand
{
    public static Command Create()
    {
        var budget = new Command("budget", "Look at and change token and cost caps of a session, a user or the deployment.");
        budget.Subcommands.Add(Show());
        budget.Subcommands.Add(Set());
        budget.Subcommands.Add(Lift());
        budget.Subcommands.Add(Reset());
        return budget;
    }

    /// <summary>Applies <paramref name="caps"/> to a budget as <c>set</c> does: a measure left null keeps the cap in force.</summary>
    public static async Task<BudgetStanding> SetAsync(IGrainFactory grains, string budgetKey, long? tokens, decimal? cost)
    {
        var budget = grains.GetGrain<IBudgetGrain>(budgetKey);
        var current = (await budget.GetStandingAsync()).Caps;
        return await budget.SetCapsAsync(new BudgetCaps(tokens ?? current.Tokens, cost ?? current.Cost));
    }

    /// <summary>The budget key named by the options: <c>--session</c>, <c>--user</c> or <c>--deployment</c>, exactly one.</summary>
    public static string? KeyOf(string? session, string? user, bool deployment, out string? problem)
    {
        problem = null;
        if ((session is null ? 0 : 1) + (user is null ? 0 : 1) + (deployment ? 1 : 0) != 1)
        {
            problem = "Name one budget: --session <key>, --user <platform:user id> or --deployment.";
            return null;
        }

        if (session is not null)
        {
            if (SessionKey.TryParse(session, out var key))
            {
                return BudgetKeys.ForSession(key);
            }

            problem = $"'{session}' is not a session key: expected platform:chatType:chatId[:threadId][:userId].";
            return null;
        }

        if (user is not null)
        {
            if (user.Split(':') is [{ Length: > 0 }, { Length: > 0 }])
            {
                return BudgetKeys.ForUser(user);
            }

            problem = $"'{user}' is not a user: expected platform:user id, e.g. telegram:123456.";
            return null;
        }

        return BudgetKeys.Deployment;
    }

    private static Command Show() => Budgeted("show", "Print a budget's usage in this period, its caps and when it resets.", (_, grains, key) =>
        grains.GetGrain<IBudgetGrain>(key).GetStandingAsync());

    private static Command Set()
    {
        var tokens = new Option<long?>("--tokens") { Description = "The new token cap per period." };
        var cost = new Option<decimal?>("--cost") { Description = "The new cost cap per period, in the currency of Hermes:Budgets:Prices." };
        var command = Budgeted("set", "Replace a budget's caps; a measure not given keeps its cap.", (parse, grains, key) =>
            SetAsync(grains, key, parse.GetValue(tokens), parse.GetValue(cost)));
        command.Options.Add(tokens);
        command.Options.Add(cost);
        command.Validators.Add(result =>
        {
            if (result.GetValue(tokens) is null && result.GetValue(cost) is null)
            {
                result.AddError("Give --tokens, --cost or both.");
            }
            else if (result.GetValue(tokens) < 0 || result.GetValue(cost) < 0)
            {
                result.AddError("A cap cannot be negative.");
            }
        });
        return command;
    }

    private static Command Lift() => Budgeted("lift", "Remove a budget's caps until reset.", (_, grains, key) =>
        grains.GetGrain<IBudgetGrain>(key).SetCapsAsync(BudgetCaps.None));

    private static Command Reset() => Budgeted("reset", "Hand a budget back to the configured caps.", (_, grains, key) =>
        grains.GetGrain<IBudgetGrain>(key).SetCapsAsync(null));

    // Every subcommand names its budget the same way and prints the budget as it stands afterwards.
    private static Command Budgeted(string name, string description, Func<ParseResult, IGrainFactory, string, Task<BudgetStanding>> action)
    {
        var session = new Option<string>("--session") { Description = "A session key, e.g. telegram:dm:123456." };
        var user = new Option<string>("--user") { Description = "A user across their sessions, as platform:user id, e.g. telegram:123456." };
        var deployment = new Option<bool>("--deployment") { Description = "The whole deployment's budget." };
        var command = new Command(name, description) { session, user, deployment };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (KeyOf(parse.GetValue(session), parse.GetValue(user), parse.GetValue(deployment), out var problem) is not { } key)
            {
                await System.Console.Error.WriteLineAsync(problem);
                return 2;
            }

            return await OperatorConsole.RunAsync(async (client, output) =>
            {
                await output.WriteLineAsync(BudgetReports.Line(await action(parse, client, key)));
                return 0;
            }, cancellationToken);
        });
        return command;
    }
}
