using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Tests.Sessions;

public sealed class SessionKeyTests
{
    public static TheoryData<SessionKey, string> Keys => new()
    {
        { SessionKey.ForDm("telegram", "42"), "telegram:dm:42" },
        { SessionKey.ForGroup("telegram", "-100", "7"), "telegram:group:-100::7" },
        { SessionKey.ForGroup("telegram", "-100", "7", shared: true), "telegram:group:-100" },
        { SessionKey.ForThread("slack", "C1", "1700000000.1"), "slack:thread:C1:1700000000.1" },
        { SessionKey.ForDm("matrix", "!room:example.org"), "matrix:dm:!room%3Aexample.org" },
        { SessionKey.ForDm("Console", "100%"), "console:dm:100%25" },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_key_prints_in_the_documented_form_and_parses_back_to_itself(SessionKey key, string text)
    {
        Assert.Equal(text, key.ToString());
        Assert.Equal(key, SessionKey.Parse(text));
    }

    [Fact]
    public void Groups_are_per_user_unless_shared_and_threads_are_shared()
    {
        Assert.NotEqual(SessionKey.ForGroup("t", "g", "alice"), SessionKey.ForGroup("t", "g", "bob"));
        Assert.Equal(SessionKey.ForGroup("t", "g", "alice", shared: true), SessionKey.ForGroup("t", "g", "bob", shared: true));
        Assert.Null(SessionKey.ForThread("t", "g", "th").UserId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("telegram")]
    [InlineData("telegram:dm")]
    [InlineData("telegram:room:42")]
    [InlineData("telegram:dm::")]
    [InlineData(":dm:42")]
    [InlineData("telegram:dm:42:")]
    [InlineData("a:dm:1:2:3:4")]
    public void Text_that_is_not_a_key_is_refused_with_a_reason(string text)
    {
        Assert.False(SessionKey.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => SessionKey.Parse(text));
        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public void Empty_parts_are_refused_when_building_a_key()
    {
        Assert.Throws<ArgumentException>(() => SessionKey.ForDm("telegram", " "));
        Assert.Throws<ArgumentException>(() => SessionKey.ForGroup("telegram", "g", ""));
    }
}
