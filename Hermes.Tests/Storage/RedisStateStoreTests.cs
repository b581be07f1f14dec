using System.Diagnostics.Metrics;
using System.Text;
using Hermes.Grains.Storage;
using Hermes.Silo.Storage;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using StackExchange.Redis;

namespace Hermes.Tests.Storage;

/// <summary>Hermes' Redis store on a real redis-server: list edits, the version check, clearing.</summary>
public sealed class RedisStateStoreTests
{
    [Fact]
    public async Task Edits_trim_the_front_and_the_end_append_and_a_stale_version_is_refused_without_changing_anything()
    {
        await using var redis = await RedisServer.StartAsync();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var store = new RedisStateStore(
            async () => await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString), new StorageMetrics(services.GetRequiredService<IMeterFactory>()), ownsConnection: true);

        Assert.Null(await store.ReadAsync("s"));
        Assert.Equal(1, await store.WriteAsync(new StateWrite("s", null, Bytes("h1"), [new ListEdit(0, 0, 0, [Bytes("a"), Bytes("b"), Bytes("c")], RemovesStored: false)])));

        // a leaves the front (archived), c is taken back (undo) and d appended; list 1 starts.
        Assert.Equal(2, await store.WriteAsync(new StateWrite("s", 1, Bytes("h2"), [new ListEdit(0, 1, 2, [Bytes("d")]), new ListEdit(1, 0, 0, [Bytes("x")], RemovesStored: false)])));
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteAsync(new StateWrite("s", 1, Bytes("stale"), [new ListEdit(0, 0, 0, [])])));
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteAsync(new StateWrite("s", null, Bytes("new"), [])));

        var stored = await store.ReadAsync("s");
        Assert.Equal(("h2", 2L), (Text(stored!.Head), stored.Version));
        Assert.Equal([(0, 1L, "b"), (0, 2L, "d"), (1, 0L, "x")], stored.Entries.Select(entry => (entry.List, entry.Sequence, Text(entry.Payload))));

        await Assert.ThrowsAsync<InconsistentStateException>(() => store.ClearAsync("s", 1));
        await store.ClearAsync("s", 2);
        Assert.Null(await store.ReadAsync("s"));
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.Empty(connection.GetServers().Single().Keys(pattern: "hermes:*"));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
