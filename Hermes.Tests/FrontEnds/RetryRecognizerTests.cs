using Hermes.Client.Api;
using Hermes.Client.Api.Contracts;
using Hermes.Client.Api.Errors;
using Hermes.Client.Api.Requests;
using Hermes.Client.Api.Retries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hermes.Tests.FrontEnds;

/// <summary>The retry recognizer's decisions, on a fake clock: join while running, replay a failure within the window, forget a success.</summary>
public sealed class RetryRecognizerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RetryRecognizer _recognizer;

    public RetryRecognizerTests()
    {
        var services = new ServiceCollection();
        services.AddOptions<ApiOptions>().Configure(options => options.RetryWindow = TimeSpan.FromSeconds(60));
        _recognizer = new RetryRecognizer(_time, services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<ApiOptions>>());
    }

    [Fact]
    public void The_same_request_while_it_runs_goes_under_the_same_message_id_and_another_body_under_its_own()
    {
        var first = Send(Input("a"));
        var again = Send(Input("a"));
        var other = Send(Input("b"));

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, other.MessageId);
    }

    [Fact]
    public void A_final_failure_is_replayed_within_the_window_and_the_request_runs_anew_after_it()
    {
        var failure = ApiErrorResponses.BadRequest("failed", null);
        var first = Send(Input("a"));
        first.End(failure, final: true);

        _time.Advance(TimeSpan.FromSeconds(59));
        var replayed = _recognizer.Recognise("alice", Input("a"));
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterWindow = Send(Input("a"));

        Assert.Same(failure, Assert.IsType<RetryDecision.Replay>(replayed).Failure);
        Assert.NotEqual(first.MessageId, afterWindow.MessageId);
    }

    [Fact]
    public void A_failure_that_ran_nothing_sends_the_same_request_again_under_its_message_id()
    {
        var first = Send(Input("a"));
        first.End(ApiErrorResponses.Unavailable(), final: false);

        Assert.Equal(first.MessageId, Send(Input("a")).MessageId);
    }

    [Fact]
    public void A_success_is_forgotten_at_once()
    {
        var first = Send(Input("a"));
        first.End(null, final: false);

        Assert.NotEqual(first.MessageId, Send(Input("a")).MessageId);
    }

    [Fact]
    public void An_idempotency_key_is_the_message_id_and_its_reuse_for_another_body_is_refused()
    {
        var first = Send(Input("a", key: "k"));
        first.End(null, final: false);

        var retried = Send(Input("a", key: "k"));
        var reused = _recognizer.Recognise("alice", Input("b", key: "k"));
        var otherCaller = _recognizer.Recognise("bob", Input("b", key: "k"));

        Assert.Equal(("k", "k"), (first.MessageId, retried.MessageId));
        Assert.Equal(422, Assert.IsType<RetryDecision.Refuse>(reused).Failure.Status);
        Assert.IsType<RetryDecision.Send>(otherCaller);
    }

    private RequestAttempt Send(ChatCompletionInput input) => Assert.IsType<RetryDecision.Send>(_recognizer.Recognise("alice", input)).Attempt;

    private static ChatCompletionInput Input(string body, string? key = null) =>
        new(new ChatCompletionRequest("hermes", []), body, "trip", key, $"digest-of-{body}", new Hermes.Contracts.Turns.TurnDirectives());
}
