using Hermes.Client.Access;
using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hermes.Tests.Access;

/// <summary>Who may talk to the agent, decided against the real pairing grain of a test cluster.</summary>
public sealed class AccessPolicyTests : IAsyncLifetime
{
    private HermesCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await HermesCluster.StartAsync([]);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData("telegram", "7", true)]
    [InlineData("slack", "7", true)]
    [InlineData("telegram", "8", true)]
    [InlineData("slack", "8", false)]
    [InlineData("discord", "9", true)]
    [InlineData("console", "anyone", true)]
    [InlineData("api", "anyone", true)]
    public async Task The_global_list_the_platform_lists_and_the_allow_all_switches_let_users_in(string platform, string user, bool allowed)
    {
        var policy = Policy(access =>
        {
            access.AllowedUsers.Add("7");
            access.Platforms["telegram"] = new PlatformAccessOptions { AllowedUsers = ["8"] };
            access.Platforms["discord"] = new PlatformAccessOptions { AllowAll = true };
        });

        var refusal = await policy.CheckAsync(new IncomingMessage(platform, ChatType.Group, "g", user, "hi"), CancellationToken.None);

        Assert.Equal(allowed, refusal is null);
    }

    [Fact]
    public async Task An_unknown_user_is_refused_in_a_group_and_offered_a_code_in_a_direct_chat()
    {
        var policy = Policy(_ => { });

        var inGroup = await policy.CheckAsync(new IncomingMessage("telegram", ChatType.Group, "g", "5", "hi"), CancellationToken.None);
        var inDm = await policy.CheckAsync(new IncomingMessage("telegram", ChatType.Dm, "5", "5", "hi"), CancellationToken.None);

        Assert.Equal((ReplyKind.Refused, AccessPolicy.RefusalText), (inGroup?.Kind, inGroup?.Text));
        Assert.Equal(ReplyKind.PairingCode, inDm?.Kind);
    }

    [Fact]
    public async Task Without_pairing_a_direct_chat_is_refused_and_ignore_mode_stays_silent()
    {
        var refusing = Policy(access => access.DmPairing = false);
        var ignoring = Policy(access => (access.DmPairing, access.Unauthorized) = (false, UnauthorizedAction.Ignore));
        var message = new IncomingMessage("telegram", ChatType.Dm, "6", "6", "hi");

        Assert.Equal(ReplyKind.Refused, (await refusing.CheckAsync(message, CancellationToken.None))?.Kind);
        Assert.Equal((ReplyKind.Ignored, string.Empty), ((await ignoring.CheckAsync(message, CancellationToken.None))?.Kind, (await ignoring.CheckAsync(message, CancellationToken.None))?.Text));
    }

    private AccessPolicy Policy(Action<AccessOptions> configure) => new ServiceCollection()
        .AddSingleton(_cluster.Client)
        .AddSingleton<AccessPolicy>()
        .Configure(configure)
        .BuildServiceProvider()
        .GetRequiredService<AccessPolicy>();
}
