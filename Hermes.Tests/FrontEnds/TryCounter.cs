using System.ClientModel.Primitives;

namespace Hermes.Tests.FrontEnds;

/// <summary>A pipeline policy for the OpenAI .NET client that counts the HTTP requests it sends, its own retries included.</summary>
public sealed class TryCounter : PipelinePolicy
{
    private int _tries;

    public int Tries => _tries;

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Interlocked.Increment(ref _tries);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Interlocked.Increment(ref _tries);
        await ProcessNextAsync(message, pipeline, currentIndex);
    }
}
