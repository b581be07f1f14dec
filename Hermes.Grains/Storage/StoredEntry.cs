namespace Hermes.Grains.Storage;

/// <summary>One item of an append-only list as stored: which list, its place in the list's sequence, its serialized bytes.</summary>
public sealed record StoredEntry(int List, long Sequence, byte[] Payload);
