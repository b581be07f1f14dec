using System.Collections.Immutable;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>
/// Calls a session's models in order: the primary first, then each fallback, moving on only for errors that another
/// model might not have (see <see cref="ModelErrorClassifier.AllowsFallback"/>). Once a turn has moved to a fallback it
/// stays there for the rest of that turn, so a tool loop does not knock on a known-bad primary at every iteration.
/// </summary>
/// <remarks>
/// The client serves one agent, whose turns run one at a time, and the model calls inside a turn are sequential;
/// the per-turn position is therefore plain state, reset by <see cref="BeginTurn"/>. The model clients are the silo's
/// (<see cref="SharedModelClients"/>), so the chain does not dispose them.
/// </remarks>
public sealed class ModelChainClient : FailoverChatClient
{
    private readonly ImmutableArray<ModelRoute> _routes;
    private readonly SecretRedactor _redactor;
    private int _current;
    private ModelTurnLog _turn = new();

    public ModelChainClient(ImmutableArray<ModelRoute> routes, SecretRedactor redactor)
    {
        if (routes.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A model chain needs at least one model.", nameof(routes));
        }

        _routes = routes;
        _redactor = redactor;
    }

    /// <summary>Starts a turn on the primary model and returns the log that the turn's calls will fill.</summary>
    public ModelTurnLog BeginTurn()
    {
        _current = 0;
        return _turn = new ModelTurnLog();
    }

    protected override ValueTask<IChatClient> SelectClientAsync(RoutingContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_routes[_current].Client);

    protected override ValueTask OnRoutingUpdateAsync(
        RoutingContext context, FailoverChatClientAttempt attempt, bool isTerminal, CancellationToken cancellationToken)
    {
        var route = _routes[_current];
        if (attempt.Exception is null)
        {
            _turn.Answered(route.ModelId, fallback: _current > 0);
            return ValueTask.CompletedTask;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // The base class rethrows the cancellation; the turn ends interrupted, not failed.
            _turn.Abandoned();
            return ValueTask.CompletedTask;
        }

        var error = ModelErrorClassifier.Classify(attempt.Exception, route.ModelId, _redactor);
        _turn.Failed(error);
        if (isTerminal || !ModelErrorClassifier.AllowsFallback(error.Kind) || _current == _routes.Length - 1)
        {
            throw new ModelChainException(_turn.Errors);
        }

        _current++;
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Answers what the chain itself cannot from its primary model's client. The tool loop above the chain asks for the
    /// GenAI activity source this way, so that its tool-execution spans sit beside the model-call spans.
    /// </summary>
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        base.GetService(serviceType, serviceKey) ?? _routes[0].Client.GetService(serviceType, serviceKey);
}
