namespace Hermes.Tests.Infrastructure;

/// <summary>Waits for a condition the system reaches on its own (a process ending, a timer firing), polling without a fixed sleep.</summary>
public static class Eventually
{
    // Generous: a condition that holds is seen within milliseconds; this only bounds a test that would otherwise hang.
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        using var giveUp = new CancellationTokenSource(GiveUpAfter);
        while (!await condition())
        {
            if (giveUp.IsCancellationRequested)
            {
                Assert.Fail($"Gave up waiting for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }
}
