using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>A message being handled now: its text's digest, its result to come, and the cancellation any caller asking for it may use.</summary>
internal sealed class InFlightMessage(string textDigest, CancellationTokenSource cancellation)
{
    private readonly TaskCompletionSource<TurnResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string TextDigest { get; } = textDigest;

    public Task<TurnResult> Result => _result.Task;

    public void Cancel()
    {
        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The message was handled meanwhile.
        }
    }

    /// <summary>Hands the first attempt's end, result or exception, to every caller that joined it.</summary>
    public void Finish(Task<TurnResult> handled)
    {
        if (handled.IsCompletedSuccessfully)
        {
            _result.TrySetResult(handled.Result);
        }
        else if (handled.IsCanceled)
        {
            _result.TrySetCanceled();
        }
        else
        {
            _result.TrySetException(handled.Exception!.InnerExceptions);
        }
    }
}
