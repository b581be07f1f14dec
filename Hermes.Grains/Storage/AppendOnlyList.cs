using System.Collections;
using Orleans.Storage;

namespace Hermes.Grains.Storage;

/// <summary>
/// A list of a state that is stored item by item, so that a write carries only what changed. It grows at the end and may
/// lose items at its front (archiving) or its end (undo); any other change is stored as a rewrite from the first changed item.
/// </summary>
public abstract class AppendOnlyList<TState>(int id)
{
    public int Id { get; } = id;

    /// <summary>Takes the list out of <paramref name="state"/>, leaving it empty, so that the head is serialized without it.</summary>
    public abstract IList Detach(TState state);

    /// <summary>Puts back a list taken by <see cref="Detach"/>.</summary>
    public abstract void Attach(TState state, IList items);

    /// <summary>Fills the list of a state just read from its stored entries; returns what is stored.</summary>
    public abstract ListMemo Load(TState state, IEnumerable<StoredEntry> entries, IGrainStorageSerializer serializer);

    /// <summary>What to store so that the stored list becomes the list in memory, and what is stored afterwards.</summary>
    /// <param name="stored">What was stored, or null when unknown (everything is then written again).</param>
    /// <returns>The edit, or null when the list did not change.</returns>
    public (ListEdit? Edit, ListMemo Stored) Diff(TState state, ListMemo? stored, IGrainStorageSerializer serializer)
    {
        var items = Items(state);
        var current = items.Count == 0 ? [] : new object[items.Count];
        items.CopyTo(current, 0);
        if (stored is null)
        {
            // Nothing known: every stored entry goes, every item is written from sequence 0.
            return (new ListEdit(Id, 0, 0, Serialize(current, 0, serializer)), ListMemo.Of(current, 0));
        }

        // Where the list starts now among the stored items (by reference: two items may be equal records): items
        // before it left the front; none of them when it starts with a new item.
        var front = 0;
        while (front < stored.Items.Length && (current.Length == 0 || !ReferenceEquals(stored.Items[front], current[0])))
        {
            front++;
        }

        var same = 0;
        while (front + same < stored.Items.Length && same < current.Length && ReferenceEquals(stored.Items[front + same], current[same]))
        {
            same++;
        }

        var keepFrom = stored.FirstSequence + front;
        var appendAt = keepFrom + same;
        var next = ListMemo.Of(current, keepFrom);
        return front == 0 && appendAt == stored.EndSequence && same == current.Length
            ? (null, next)
            : (new ListEdit(Id, keepFrom, appendAt, Serialize(current, same, serializer), RemovesStored: front > 0 || appendAt < stored.EndSequence), next);
    }

    protected abstract IList Items(TState state);

    protected abstract byte[] Serialize(object item, IGrainStorageSerializer serializer);

    private byte[][] Serialize(object[] items, int from, IGrainStorageSerializer serializer) =>
        [.. items.Skip(from).Select(item => Serialize(item, serializer))];
}
