using System.Runtime.CompilerServices;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Models;
using Hermes.ServiceDefaults.Secrets;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Compaction;

/// <summary>
/// Sends one model only what fits its context window (<see cref="ContextFitter"/>), so that a fallback with a smaller
/// window, a failed summary or a turn whose tool results grow past the window still gets an answer instead of a context
/// overflow. Should the model still refuse the context as too long (the estimate was low), the call is made again, at
/// most twice, with half the budget each time, as long as nothing was streamed yet.
/// </summary>
public sealed class ContextWindowChatClient(IChatClient model, int contextLength, double fitShare, TokenEstimator estimator, SecretRedactor redactor)
    : DelegatingChatClient(model)
{
    private const int MaxRefits = 2;

    private int Budget => (int)(contextLength * fitShare);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        IList<ChatMessage> all = messages as IList<ChatMessage> ?? [.. messages];
        var budget = Budget;
        for (var attempt = 0; ; attempt++)
        {
            var fitted = ContextFitter.Fit(all, budget, estimator);
            try
            {
                var response = await base.GetResponseAsync(fitted, options, cancellationToken);
                estimator.Observe(fitted, response.Usage?.InputTokenCount);
                return response;
            }
            catch (Exception exception) when (attempt < MaxRefits && IsContextOverflow(exception))
            {
                budget /= 2;
            }
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IList<ChatMessage> all = messages as IList<ChatMessage> ?? [.. messages];
        var budget = Budget;
        for (var attempt = 0; ; attempt++)
        {
            var fitted = ContextFitter.Fit(all, budget, estimator);
            await using var updates = base.GetStreamingResponseAsync(fitted, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            bool more;
            try
            {
                more = await updates.MoveNextAsync();
            }
            catch (Exception exception) when (attempt < MaxRefits && IsContextOverflow(exception))
            {
                budget /= 2;
                continue;
            }

            while (more)
            {
                foreach (var usage in updates.Current.Contents.OfType<UsageContent>())
                {
                    estimator.Observe(fitted, usage.Details.InputTokenCount);
                }

                yield return updates.Current;
                more = await updates.MoveNextAsync();
            }

            yield break;
        }
    }

    private bool IsContextOverflow(Exception exception) =>
        exception is not OperationCanceledException && ModelErrorClassifier.Classify(exception, null, redactor).Kind == ErrorKind.RequestTooLarge;
}
