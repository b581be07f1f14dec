using Hermes.Grains.Mcp;
using Microsoft.Extensions.Time.Testing;

namespace Hermes.Tests.Mcp;

public sealed class McpStartCircuitTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task While_an_unproven_configuration_starts_every_other_caller_waits_and_its_failure_refuses_them_all_until_the_backoff_allows_one()
    {
        var time = new FakeTimeProvider(Start);
        var circuit = new McpStartCircuit(new McpReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)), maxConcurrentStarts: 4, time);

        Assert.Null(await circuit.EnterAsync(force: false, CancellationToken.None));
        var waiting = Enumerable.Range(0, 100).Select(_ => circuit.EnterAsync(force: false, CancellationToken.None)).ToArray();
        Assert.DoesNotContain(waiting, attempt => attempt.IsCompleted);
        circuit.Failed();

        Assert.All(await Task.WhenAll(waiting), refusedUntil => Assert.Equal(Start + TimeSpan.FromSeconds(1), refusedUntil));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await circuit.EnterAsync(force: false, CancellationToken.None));
        Assert.False(circuit.EnterAsync(force: false, CancellationToken.None).IsCompleted);
        Assert.Equal(1, circuit.Failures);
    }

    [Fact]
    public async Task A_configuration_that_started_well_lets_several_start_at_once_up_to_the_limit()
    {
        var time = new FakeTimeProvider(Start);
        var circuit = new McpStartCircuit(new McpReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)), maxConcurrentStarts: 3, time);
        Assert.Null(await circuit.EnterAsync(force: false, CancellationToken.None));
        circuit.Succeeded();

        var attempts = Enumerable.Range(0, 4).Select(_ => circuit.EnterAsync(force: false, CancellationToken.None)).ToArray();

        Assert.Equal([true, true, true, false], attempts.Select(attempt => attempt.IsCompleted));
        circuit.Succeeded();
        Assert.Null(await attempts[3]);
        Assert.Equal(0, circuit.Failures);
    }

    [Fact]
    public async Task A_server_lost_after_serving_may_start_again_at_once_but_one_lost_before_serving_counts_as_a_failed_start()
    {
        var time = new FakeTimeProvider(Start);
        var circuit = new McpStartCircuit(new McpReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)), maxConcurrentStarts: 4, time);

        circuit.Lost(afterServing: true);
        Assert.Null(await circuit.EnterAsync(force: false, CancellationToken.None));
        circuit.Succeeded();
        circuit.Lost(afterServing: false);

        Assert.Equal(Start + TimeSpan.FromSeconds(1), await circuit.EnterAsync(force: false, CancellationToken.None));
        Assert.Null(await circuit.EnterAsync(force: true, CancellationToken.None));
        Assert.Equal(1, circuit.Failures);
    }
}
