using System.Collections.Immutable;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>
/// Calls a session's models in order: the primary first, then each fallback, moving on only for errors that another
/// model might not have (each model's <see cref="ModelRoute.FallOverOn"/>: by default transient after retries, capacity,
/// model unavailable, auth and other rejections; never a content-policy refusal or a request too large). Once a turn has moved to a fallback it
/// stays there for the rest of that turn, so a tool loop does not knock on a known-bad primary at every iteration.
/// </summary>
/// <remarks>
/// The position within a turn is the turn's own (<see cref="ModelTurnLog"/>, carried in the call's options), so the chain
/// holds no state between calls and the next turn starts on the primary again. The model clients are the silo's
/// (<see cref="SharedModelClients"/>), so the chain does not dispose them.
/// </remarks>
public sealed class ModelChainClient : FailoverChatClient
{
    private readonly ImmutableArray<ModelRoute> _routes;
    private readonly ImmutableArray<IChatClient> _clients;
    private readonly SecretRedactor _redactor;

    public ModelChainClient(ImmutableArray<ModelRoute> routes, SecretRedactor redactor)
    {
        if (routes.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A model chain needs at least one model.", nameof(routes));
        }

        _routes = routes;
        _clients = [.. routes.Select(route => new ModelUsageRecorder(route))];
        _redactor = redactor;
    }

    protected override ValueTask<IChatClient> SelectClientAsync(RoutingContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_clients[ModelTurnLog.Of(context.ChatOptions).Position]);

    protected override ValueTask OnRoutingUpdateAsync(
        RoutingContext context, FailoverChatClientAttempt attempt, bool isTerminal, CancellationToken cancellationToken)
    {
        var turn = ModelTurnLog.Of(context.ChatOptions);
        var route = _routes[turn.Position];
        if (attempt.Exception is null)
        {
            turn.Answered(route, fallback: turn.Position > 0);
            return ValueTask.CompletedTask;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // The base class rethrows the cancellation; the turn ends interrupted, not failed.
            turn.Abandoned();
            return ValueTask.CompletedTask;
        }

        var error = ModelErrorClassifier.Classify(attempt.Exception, route.Name, _redactor);
        turn.Failed(error);
        if (isTerminal || !route.FallsOverOn(error.Kind) || turn.Position == _routes.Length - 1)
        {
            throw new ModelChainException(turn.Errors);
        }

        turn.MoveToNextModel();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Answers what the chain itself cannot from its primary model's client. The tool loop above the chain asks for the
    /// GenAI activity source this way, so that its tool-execution spans sit beside the model-call spans.
    /// </summary>
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        base.GetService(serviceType, serviceKey) ?? _routes[0].Client.GetService(serviceType, serviceKey);
}
