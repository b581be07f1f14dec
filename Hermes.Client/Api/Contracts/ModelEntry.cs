namespace Hermes.Client.Api.Contracts;

public sealed record ModelEntry(string Id, string Object, long Created, string OwnedBy);
