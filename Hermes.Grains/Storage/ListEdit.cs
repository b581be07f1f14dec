namespace Hermes.Grains.Storage;

/// <summary>
/// What one write changes in one append-only list: entries before <see cref="KeepFrom"/> left the front (archived),
/// entries from <see cref="AppendAt"/> on were taken back (<c>/undo</c>, <c>/retry</c>) or are replaced, and
/// <see cref="Appended"/> are stored at <see cref="AppendAt"/>, <see cref="AppendAt"/> + 1, …
/// </summary>
/// <param name="RemovesStored">Whether any stored entry goes; false for a plain append, which a store can then do without deleting.</param>
public sealed record ListEdit(int List, long KeepFrom, long AppendAt, IReadOnlyList<byte[]> Appended, bool RemovesStored = true)
{
    /// <summary>Bytes of the appended entries.</summary>
    public long AppendedBytes => Appended.Sum(entry => (long)entry.Length);
}
