using Hermes.Contracts.Sessions;
using Hermes.Grains.Compaction;

namespace Hermes.Tests.LongLived;

public sealed class ConversationCompactorTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;
    private readonly TokenEstimator _tokens = new();
    private readonly CompactionOptions _options = new();

    [Fact]
    public void Nothing_is_due_below_the_threshold()
    {
        Assert.Null(ConversationCompactor.Plan(Turns(3, 100), null, "next", 10_000, _tokens, _options, force: false));
    }

    [Fact]
    public void Past_the_threshold_the_older_whole_turns_are_summarised_and_the_newest_kept()
    {
        var transcript = Turns(6, 400);

        var plan = ConversationCompactor.Plan(transcript, null, "next", 1_000, _tokens, _options, force: false);

        Assert.NotNull(plan);
        Assert.Equal(5, plan.ThroughTurn);
        Assert.Equal(transcript.Where(message => message.Turn <= 5), plan.Older);
        Assert.True(plan.TokensKept < plan.TokensBefore);
    }

    [Fact]
    public void Turns_already_summarised_are_not_summarised_again_and_failed_user_messages_are_left_out()
    {
        var transcript = Turns(6, 400);
        transcript[8] = transcript[8] with { InModelContext = false };
        var summary = new ContextSummary("so far", 3, 0, 0, null, At);

        var plan = ConversationCompactor.Plan(transcript, summary, null, 1_000, _tokens, _options, force: true);

        Assert.NotNull(plan);
        Assert.Equal([4, 4, 5], plan.Older.Select(message => message.Turn));
    }

    [Fact]
    public async Task A_failed_summary_is_reported_not_thrown()
    {
        var plan = ConversationCompactor.Plan(Turns(4, 400), null, null, 1_000, _tokens, _options, force: true)!;

        var result = await ConversationCompactor.SummarizeAsync(
            plan, null, (_, _) => throw new HttpRequestException("down"), 1_000, _tokens, _options, At, CancellationToken.None);

        Assert.Null(result.Summary);
        Assert.Equal("the summary could not be written (HttpRequestException)", result.Failure);
    }

    [Fact]
    public async Task The_summariser_reads_the_summary_so_far_and_the_older_turns_within_its_window()
    {
        var plan = ConversationCompactor.Plan(Turns(8, 1_500), null, null, 100_000, _tokens, _options, force: true)!;
        var previous = new ContextSummary("EARLIER", 0, 0, 0, null, At);
        string? prompt = null;

        var result = await ConversationCompactor.SummarizeAsync(
            plan,
            previous,
            (messages, _) =>
            {
                prompt = messages[^1].Text;
                return Task.FromResult(new SummaryAnswer("NEW SUMMARY", new TokenUsage(10, 3), "writer"));
            },
            summarizerContextLength: 1_000,
            _tokens,
            _options,
            At,
            CancellationToken.None);

        Assert.NotNull(prompt);
        Assert.StartsWith("Summary so far:\nEARLIER", prompt);
        Assert.Contains("earlier messages left out", prompt);
        Assert.True(prompt.Length <= 2_000);
        Assert.Equal(("NEW SUMMARY", 6, "writer"), (result.Summary!.Text, result.Summary.ThroughTurn, result.Summary.Model));
        Assert.True(result.Summary.TokensSaved > 0);
    }

    // Turns of a user message and an answer, each of the given length.
    private static List<TranscriptMessage> Turns(int count, int length) => [.. Enumerable.Range(1, count).SelectMany(turn => new[]
    {
        new TranscriptMessage(TranscriptRole.User, new string('u', length), turn, At, [], null, true),
        new TranscriptMessage(TranscriptRole.Assistant, new string('a', length), turn, At, [], null, true),
    })];
}
