namespace Hermes.Grains.Storage;

/// <summary>What a store holds for one grain state.</summary>
/// <param name="Head">The serialized state with its append-only lists empty.</param>
/// <param name="Version">Raised by every write; the state's ETag.</param>
/// <param name="Entries">The lists' items, ordered by list then sequence.</param>
public sealed record StoredState(byte[] Head, long Version, IReadOnlyList<StoredEntry> Entries);
