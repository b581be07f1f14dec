namespace Hermes.Tests.Infrastructure;

/// <summary>A model that answers slowly, word by word, so that a test can act while a turn runs.</summary>
public static class SlowReplies
{
    public const string Model = "slow";

    /// <summary>About <paramref name="words"/> × 100 ms of streamed reply to each message.</summary>
    public static ModelScript Script(int words = 50) => request =>
        new ScriptedAnswer.Text($"slow answer to {request.LastUserText}: " + string.Join(' ', Enumerable.Repeat("word", words)), TimeSpan.FromMilliseconds(100));

    /// <summary>A cluster whose primary is <see cref="Model"/>; <c>quick</c> answers "re: {message}" at once.</summary>
    /// <summary>Slow (~5 s) for "message 0", quick (~0.5 s) for the others: a long turn for later messages to arrive during.</summary>
    public static ModelScript FirstSlowThenQuick() => request => Script(words: request.LastUserText == "message 0" ? 50 : 5)(request);

    public static async Task<ScriptedCluster> StartAsync(params (string Key, string Value)[] settings)
    {
        var models = await ScriptedModelServer.StartAsync();
        models.Script(Model, Script()).Script("quick", Scripts.EchoUser("re: "));
        var cluster = await HermesCluster.StartAsync(
            [.. HermesCluster.ModelSettings(models, Model), .. settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))]);
        return new ScriptedCluster(models, cluster);
    }
}
