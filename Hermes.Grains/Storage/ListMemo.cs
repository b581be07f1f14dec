namespace Hermes.Grains.Storage;

/// <summary>What is stored of one append-only list: the items last read or written (by reference) and the sequence of the first.</summary>
/// <remarks>Items are immutable records, so an item still in the list by reference is still stored as it is.</remarks>
public sealed record ListMemo(object[] Items, long FirstSequence)
{
    public static ListMemo Empty { get; } = new([], 0);

    /// <summary>The memo of <paramref name="items"/> from <paramref name="firstSequence"/>; the shared <see cref="Empty"/> for an empty list never trimmed, as most sessions' lists but the transcript are.</summary>
    public static ListMemo Of(object[] items, long firstSequence) =>
        items.Length == 0 && firstSequence == 0 ? Empty : new ListMemo(items, firstSequence);

    public long EndSequence => FirstSequence + Items.Length;
}
