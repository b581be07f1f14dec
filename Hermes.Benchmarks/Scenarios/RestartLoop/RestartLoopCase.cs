using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;

namespace Hermes.Benchmarks.Scenarios.RestartLoop;

/// <summary>One way the model chain behaves for the whole run: the primary always answers 400 invalid model, and the fallback …</summary>
/// <param name="Label">How the tables name the case.</param>
/// <param name="Fallback">… answers as this script says.</param>
/// <param name="Expected">Checks that a turn went as the case says, so that no figure rests on a turn that went otherwise.</param>
internal sealed record RestartLoopCase(string Label, Func<string, ModelScript> Fallback, Func<TurnResult, bool> Expected)
{
    /// <summary>(a) the fallback fails too: every turn fails.</summary>
    public static RestartLoopCase FallbackFails { get; } = new(
        "(a) fallback fails too", Scripts.InvalidModel, turn => turn.Outcome == TurnOutcome.Failed && turn.ApiCalls == 2);

    /// <summary>(b) the fallback answers: every turn completes on it.</summary>
    public static RestartLoopCase FallbackAnswers { get; } = new(
        "(b) fallback answers", _ => Scripts.Reply("Answered by the fallback."), turn => turn.Outcome == TurnOutcome.Completed && turn.FallbackUsed);

    public static IReadOnlyList<RestartLoopCase> All { get; } = [FallbackFails, FallbackAnswers];
}
