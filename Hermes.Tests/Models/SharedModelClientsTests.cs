using Hermes.Grains.Models;
using Microsoft.Extensions.AI;

namespace Hermes.Tests.Models;

/// <summary>The silo's model clients: shared while agents use them, gone with the last one.</summary>
public sealed class SharedModelClientsTests
{
    [Fact]
    public void Agents_that_call_the_same_model_at_the_same_endpoint_share_one_client()
    {
        var factory = new RecordingModelClientFactory();
        using var shared = new SharedModelClients(factory);

        using var first = shared.Lease("endpoint-a", "model-1");
        using var second = shared.Lease("endpoint-a", "model-1");
        using var otherModel = shared.Lease("endpoint-a", "model-2");
        using var otherEndpoint = shared.Lease("endpoint-b", "model-1");

        Assert.Same(first.Client, second.Client);
        Assert.Equal(["model-1", "model-2", "model-1"], factory.Created.Select(created => created.ModelId));
    }

    [Fact]
    public void The_last_lease_returned_disposes_the_client_and_the_next_lease_makes_a_new_one()
    {
        var factory = new RecordingModelClientFactory();
        using var shared = new SharedModelClients(factory);
        var first = shared.Lease("endpoint", "chosen-with-slash-model");
        var second = shared.Lease("endpoint", "chosen-with-slash-model");

        first.Dispose();
        first.Dispose();
        Assert.False(factory.Created[0].Client.Disposed);
        second.Dispose();
        Assert.True(factory.Created[0].Client.Disposed);

        using var again = shared.Lease("endpoint", "chosen-with-slash-model");
        Assert.Equal(2, factory.Created.Count);
        Assert.False(factory.Created[1].Client.Disposed);
    }

    [Fact]
    public void Stopping_the_silo_disposes_the_clients_still_leased()
    {
        var factory = new RecordingModelClientFactory();
        var shared = new SharedModelClients(factory);
        var lease = shared.Lease("endpoint", "model");

        shared.Dispose();
        lease.Dispose();

        Assert.True(Assert.Single(factory.Created).Client.Disposed);
        Assert.Throws<ObjectDisposedException>(() => shared.Lease("endpoint", "model"));
    }

    private sealed class RecordingModelClientFactory : IModelClientFactory
    {
        public List<(string ModelId, TestChatClient Client)> Created { get; } = [];

        // These tests never call a model.
        public IChatClient CreateClient(string modelId)
        {
            var client = new TestChatClient();
            Created.Add((modelId, client));
            return client;
        }
    }
}
