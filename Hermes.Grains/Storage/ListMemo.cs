namespace Hermes.Grains.Storage;

/// <summary>What is stored of one append-only list: the items last read or written (by reference) and the sequence of the first.</summary>
/// <remarks>Items are immutable records, so an item still in the list by reference is still stored as it is.</remarks>
public sealed record ListMemo(object[] Items, long FirstSequence)
{
    public static ListMemo Empty { get; } = new([], 0);

    public long EndSequence => FirstSequence + Items.Length;
}
