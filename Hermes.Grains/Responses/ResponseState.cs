using Hermes.Contracts.Responses;

namespace Hermes.Grains.Responses;

/// <summary>The durable state of a <see cref="ResponseGrain"/>: the response, or null once deleted.</summary>
[GenerateSerializer, Alias("hermes.ResponseState")]
public sealed class ResponseState
{
    [Id(0)] public StoredResponse? Response { get; set; }
}
