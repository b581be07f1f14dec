namespace Hermes.Client.Api.Contracts;

public sealed record StreamOptions(bool IncludeUsage = false);
