using System.Globalization;
using System.Runtime.CompilerServices;
using Orleans.Storage;

namespace Hermes.Grains.Storage;

/// <summary>
/// Orleans grain storage over an <see cref="IStateStore"/>: a state's append-only lists (<see cref="StateLayout"/>) are
/// stored item by item, so that a write carries the items added since the last one and the small rest of the state,
/// never the whole transcript. The store's version is the ETag: a write from an activation that did not see the latest
/// one is refused with <see cref="InconsistentStateException"/>, as Orleans' own providers do.
/// </summary>
/// <param name="earlier">Where these states were kept before this store, if anywhere: read when the store has nothing.</param>
public sealed class AppendOnlyGrainStorage(string serviceId, IStateStore store, IGrainStorageSerializer serializer, IGrainStorage? earlier = null) : IGrainStorage
{
    // What is stored of each state instance's lists, dropped with the instance when its activation goes.
    private readonly ConditionalWeakTable<object, ListMemo[]> _stored = [];

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var lists = StateLayout.Of<T>();
        if (await store.ReadAsync(Key(stateName, grainId)) is not { } stored)
        {
            if (earlier is not null)
            {
                // Found there, the state moves here whole on its first write: no ETag here yet, nothing known stored.
                await earlier.ReadStateAsync(stateName, grainId, grainState);
            }

            grainState.ETag = null;
            if (!grainState.RecordExists && lists.Count > 0)
            {
                _stored.AddOrUpdate(grainState.State!, [.. lists.Select(_ => ListMemo.Empty)]);
            }

            grainState.RecordExists = false;
            return;
        }

        var state = serializer.Deserialize<T>(BinaryData.FromBytes(stored.Head))
            ?? throw new InvalidOperationException($"The stored head of {Key(stateName, grainId)} reads as nothing.");
        if (lists.Count > 0)
        {
            _stored.AddOrUpdate(state!, [.. lists.Select(list => list.Load(state, stored.Entries.Where(entry => entry.List == list.Id), serializer))]);
        }

        grainState.State = state;
        grainState.ETag = stored.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = grainState.State ?? throw new InvalidOperationException("A grain state to write is null.");
        var lists = StateLayout.Of<T>();
        var stored = _stored.TryGetValue(state!, out var memos) ? memos : null;
        var edits = new List<ListEdit>(lists.Count);
        var next = new ListMemo[lists.Count];
        for (var i = 0; i < lists.Count; i++)
        {
            (var edit, next[i]) = lists[i].Diff(state, stored?[i], serializer);
            if (edit is not null)
            {
                edits.Add(edit);
            }
        }

        var version = await store.WriteAsync(new StateWrite(Key(stateName, grainId), Version(grainState.ETag), Head(state, lists), edits));
        if (lists.Count > 0)
        {
            _stored.AddOrUpdate(state!, next);
        }

        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await store.ClearAsync(Key(stateName, grainId), Version(grainState.ETag));
        _stored.Remove(grainState.State!);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>The state without its append-only lists, serialized.</summary>
    private byte[] Head<T>(T state, IReadOnlyList<AppendOnlyList<T>> lists)
    {
        // Lists are lent out for the moment of serializing, synchronously on the grain's turn: nobody sees them gone.
        var detached = lists.Select(list => list.Detach(state)).ToArray();
        try
        {
            return serializer.Serialize(state).ToArray();
        }
        finally
        {
            for (var i = 0; i < lists.Count; i++)
            {
                lists[i].Attach(state, detached[i]);
            }
        }
    }

    private string Key(string stateName, GrainId grainId) => $"{serviceId}/{grainId}/{stateName}";

    private static long? Version(string? etag) => etag is null ? null : long.Parse(etag, CultureInfo.InvariantCulture);
}
