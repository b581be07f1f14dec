using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Hermes.Tests.Models;

/// <summary>
/// A model client whose behaviour each test sets through delegates, in the style of Microsoft.Extensions.AI's own tests.
/// Counts its calls and remembers being disposed.
/// </summary>
public sealed class TestChatClient : IChatClient
{
    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? GetStreamingResponseAsyncCallback { get; set; }

    public int Calls { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>Streams <paramref name="text"/> as one update with a finish reason, on every call.</summary>
    public static TestChatClient Answering(string text) => new()
    {
        GetStreamingResponseAsyncCallback = (_, _, _) => Stream(new ChatResponseUpdate(ChatRole.Assistant, text) { FinishReason = ChatFinishReason.Stop }),
    };

    /// <summary>Fails every call with <paramref name="exception"/> before any update.</summary>
    public static TestChatClient Failing(Exception exception) => new()
    {
        GetStreamingResponseAsyncCallback = (_, _, _) => Stream(exception),
    };

    /// <summary>The updates one streamed answer consists of, then <paramref name="failure"/> if given.</summary>
    public static async IAsyncEnumerable<ChatResponseUpdate> Stream(
        IEnumerable<ChatResponseUpdate> updates, Exception? failure = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in updates)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }

        if (failure is not null)
        {
            throw failure;
        }
    }

    public static IAsyncEnumerable<ChatResponseUpdate> Stream(params ChatResponseUpdate[] updates) => Stream(updates, null);

    public static IAsyncEnumerable<ChatResponseUpdate> Stream(Exception failure) => Stream([], failure);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        return (GetStreamingResponseAsyncCallback ?? throw new InvalidOperationException("This test client was not told how to answer."))(messages, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => Disposed = true;
}
