using Hermes.Contracts.Sessions;

namespace Hermes.Contracts.Budgets;

/// <summary>Builds and reads the keys of budget grains, the one place that does: <c>session/{session key}</c>, <c>user/{platform}:{user id}</c>, <c>deployment</c>.</summary>
public static class BudgetKeys
{
    public const string Deployment = "deployment";

    private const string SessionPrefix = "session/";
    private const string UserPrefix = "user/";

    public static string ForSession(SessionKey key) => ForSession(key.ToString());

    /// <param name="sessionKey">A session grain's key, as <see cref="SessionKey.ToString"/> writes it.</param>
    public static string ForSession(string sessionKey) => SessionPrefix + sessionKey;

    /// <param name="user">The user as <c>{platform}:{user id}</c>, e.g. <c>telegram:123456</c>.</param>
    public static string ForUser(string user) => UserPrefix + user;

    /// <summary>The budget of the user a session belongs to: its user in a group, its chat in a DM; null for a shared group or thread.</summary>
    public static string? ForUserOf(SessionKey key) =>
        key.UserId is { } user ? ForUser($"{key.Platform}:{user}")
        : key.ChatType == ChatType.Dm ? ForUser($"{key.Platform}:{key.ChatId}")
        : null;

    public static BudgetScope ScopeOf(string key) =>
        key.StartsWith(SessionPrefix, StringComparison.Ordinal) ? BudgetScope.Session
        : key.StartsWith(UserPrefix, StringComparison.Ordinal) ? BudgetScope.User
        : key == Deployment ? BudgetScope.Deployment
        : throw new ArgumentException($"'{key}' is not a budget key: expected session/…, user/… or {Deployment}.", nameof(key));
}
