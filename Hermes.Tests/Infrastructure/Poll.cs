namespace Hermes.Tests.Infrastructure;

/// <summary>Waits for a condition the system reaches on its own (a process ending, a call arriving), polling without a fixed sleep.</summary>
public static class Poll
{
    // Generous: a condition that holds is seen within milliseconds; the limit only bounds a test that would otherwise hang.
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(60);

    /// <param name="condition">Checked every 20 ms until it holds.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="limit">When to give up with a <see cref="TimeoutException"/>; a minute unless given.</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        using var giveUp = new CancellationTokenSource(limit ?? DefaultLimit);
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), giveUp.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Still waiting for: {what}");
            }
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? limit = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, limit);
}
