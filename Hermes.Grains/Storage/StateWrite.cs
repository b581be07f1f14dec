namespace Hermes.Grains.Storage;

/// <summary>One write of a grain state: its new head and what changed in each of its append-only lists.</summary>
/// <param name="ExpectedVersion">The version the writer read or last wrote; null when it believes nothing is stored yet.</param>
public sealed record StateWrite(string Key, long? ExpectedVersion, byte[] Head, IReadOnlyList<ListEdit> Edits);
