using System.Collections;
using Orleans.Storage;

namespace Hermes.Grains.Storage;

/// <summary>An <see cref="AppendOnlyList{TState}"/> of items of type <typeparamref name="TItem"/>, reached through a property of the state.</summary>
public sealed class AppendOnlyList<TState, TItem>(int id, Func<TState, List<TItem>> get, Action<TState, List<TItem>> set) : AppendOnlyList<TState>(id)
    where TItem : class
{
    public override IList Detach(TState state)
    {
        var items = get(state);
        set(state, []);
        return items;
    }

    public override void Attach(TState state, IList items) => set(state, (List<TItem>)items);

    public override ListMemo Load(TState state, IEnumerable<StoredEntry> entries, IGrainStorageSerializer serializer)
    {
        var items = get(state);
        long? first = null;
        foreach (var entry in entries)
        {
            first ??= entry.Sequence;
            items.Add(serializer.Deserialize<TItem>(BinaryData.FromBytes(entry.Payload))
                ?? throw new InvalidOperationException($"A stored entry of list {Id} reads as nothing."));
        }

        return ListMemo.Of(items.Count == 0 ? [] : [.. items], first ?? 0);
    }

    protected override IList Items(TState state) => get(state);

    protected override byte[] Serialize(object item, IGrainStorageSerializer serializer) => serializer.Serialize((TItem)item).ToArray();
}
