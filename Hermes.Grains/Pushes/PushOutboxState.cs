using Hermes.Contracts.Pushes;

namespace Hermes.Grains.Pushes;

/// <summary>The durable part of an outbox: replies waiting for delivery, and the ids recently delivered.</summary>
[GenerateSerializer, Alias("hermes.PushOutboxState")]
public sealed class PushOutboxState
{
    [Id(0)] public List<PushedReply> Waiting { get; set; } = [];

    /// <summary>Ids delivered lately, newest last, so that a reply queued again (a retried turn) is not sent twice.</summary>
    [Id(1)] public List<string> Delivered { get; set; } = [];
}
