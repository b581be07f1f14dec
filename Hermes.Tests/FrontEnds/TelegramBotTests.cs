using System.Text.RegularExpressions;
using Hermes.Client.Access;
using Hermes.Contracts.Access;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Access;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.FrontEnds;

/// <summary>The Telegram bot for real: the Telegram.Bot library long-polling a loopback stand-in of the Bot API.</summary>
public sealed partial class TelegramBotTests : IAsyncLifetime
{
    private const long Alice = 42;
    private const long Group = -1001234;

    private ScriptedModelServer _models = null!;
    private TestSilo _silo = null!;
    private TelegramBotApiStandIn _botApi = null!;
    private TelegramBotProcess _bot = null!;
    private FrontEnd _operator = null!;

    public async Task InitializeAsync()
    {
        _models = await ScriptedModelServer.StartAsync();
        _models.Script("primary", request => request.LastUserText == "write a lot"
            ? new ScriptedAnswer.Text(string.Join(' ', Enumerable.Range(0, 1500).Select(i => $"word{i}")))
            : new ScriptedAnswer.Text($"re: {request.LastUserText}"));
        _silo = await TestSilo.StartAsync(ModelSettings(_models, "primary"));
        _botApi = await TelegramBotApiStandIn.StartAsync();
        _bot = await TelegramBotProcess.StartAsync(_botApi, _silo, ("Hermes:Access:Platforms:telegram:AllowedUsers:0", Alice.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        _operator = await FrontEnd.StartAsync([_silo]);
    }

    public async Task DisposeAsync()
    {
        await _operator.DisposeAsync();
        await _bot.DisposeAsync();
        await _botApi.DisposeAsync();
        await _silo.DisposeAsync();
        await _models.DisposeAsync();
    }

    [Fact]
    public async Task A_direct_message_is_answered_in_its_chat_while_typing_is_shown()
    {
        _botApi.WriteInPrivate(Alice, "hello bot");

        var sent = await _botApi.SentToAsync(Alice);

        Assert.Equal("re: hello bot", Assert.Single(sent).Text);
        Assert.Contains(Alice, _botApi.TypingIn);
        Assert.Equal(1, (await Session(SessionKey.ForDm("telegram", "42")).GetSnapshotAsync()).TurnCount);
    }

    [Fact]
    public async Task A_group_message_goes_to_the_users_own_session_in_that_group()
    {
        _botApi.WriteInGroup(Group, Alice, "hello group");

        var sent = await _botApi.SentToAsync(Group);

        Assert.Equal("re: hello group", Assert.Single(sent).Text);
        Assert.Equal(1, (await Session(SessionKey.ForGroup("telegram", Group.ToString(System.Globalization.CultureInfo.InvariantCulture), "42")).GetSnapshotAsync()).TurnCount);
    }

    [Fact]
    public async Task A_command_with_the_bots_name_is_answered_by_the_session()
    {
        _botApi.WriteInPrivate(Alice, "/status@HermesBot");

        var sent = await _botApi.SentToAsync(Alice);

        Assert.StartsWith("Model: primary", Assert.Single(sent).Text);
        Assert.Equal(0, _models.RequestsFor("primary"));
    }

    [Fact]
    public async Task An_answer_from_a_fallback_model_carries_a_short_marker_naming_it()
    {
        _botApi.WriteInPrivate(Alice, "/model missing-model");
        await _botApi.SentToAsync(Alice);
        _botApi.WriteInPrivate(Alice, "hello");

        var sent = await _botApi.SentToAsync(Alice, count: 2);

        Assert.Equal("re: hello\n\n↪ primary", sent[1].Text);
    }

    [Fact]
    public async Task A_long_reply_is_split_under_telegrams_limit_without_losing_a_word()
    {
        _botApi.WriteInPrivate(Alice, "write a lot");

        var sent = await _botApi.SentToAsync(Alice, count: 3);

        Assert.All(sent, message => Assert.InRange(message.Text.Length, 1, 4096));
        Assert.Equal(Enumerable.Range(0, 1500).Select(i => $"word{i}"), sent.SelectMany(message => message.Text.Split(' ')));
    }

    [Fact]
    public async Task An_unauthorised_user_in_a_group_is_refused_and_never_reaches_a_session()
    {
        _botApi.WriteInGroup(Group, 99, "let me in");

        var sent = await _botApi.SentToAsync(Group);

        Assert.Equal(AccessPolicy.RefusalText, Assert.Single(sent).Text);
        Assert.Equal(0, _models.RequestsFor("primary"));
        Assert.Equal(0, (await Session(SessionKey.ForGroup("telegram", Group.ToString(System.Globalization.CultureInfo.InvariantCulture), "99")).GetSnapshotAsync()).TurnCount);
    }

    [Fact]
    public async Task An_unknown_user_in_a_direct_chat_pairs_with_a_code_the_operator_approves()
    {
        const long bob = 77;
        _botApi.WriteInPrivate(bob, "hi");
        var offer = Assert.Single(await _botApi.SentToAsync(bob)).Text;
        var code = CodePattern().Match(offer).Groups[1].Value;

        _botApi.WriteInPrivate(bob, "hi again");
        var reminder = (await _botApi.SentToAsync(bob, count: 2))[1].Text;
        var approved = await _operator.Client.GetGrain<IPairingGrain>("telegram").ApproveAsync(code, "operator");
        _botApi.WriteInPrivate(bob, "now may I?");
        var answer = (await _botApi.SentToAsync(bob, count: 3))[2].Text;

        Assert.Contains($"hermes pairing approve telegram {code}", offer);
        Assert.Contains(code, reminder);
        Assert.Equal("77", approved?.UserId);
        Assert.Equal("re: now may I?", answer);
        Assert.Equal(1, _models.RequestsFor("primary"));
    }

    private ISessionGrain Session(SessionKey key) => _operator.Client.GetSessionGrain(key);

    [GeneratedRegex("code ([A-Z0-9]{6})")]
    private static partial Regex CodePattern();
}
