using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// Grain storage that lives outside every silo of the test process, as a database would: unlike Orleans' memory
/// storage, whose state sits in grains of the silos themselves, it keeps what a stopping silo wrote while it stopped.
/// Stand-in until the durable-storage profiles exist; state is stored serialized, with optimistic ETags.
/// </summary>
/// <param name="rows">The stored states, shared by every silo that should see the same storage.</param>
/// <param name="serializer">The silo's own serializer.</param>
public sealed class ProcessWideGrainStorage(ConcurrentDictionary<(string State, GrainId Grain), (byte[] Data, string ETag)> rows, Serializer serializer) : IGrainStorage
{

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (rows.TryGetValue((stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = Guid.NewGuid().ToString("N");
        var row = (serializer.SerializeToArray(grainState.State), etag);
        var key = (stateName, grainId);
        var written = grainState.ETag is null
            ? rows.TryAdd(key, row)
            : rows.TryGetValue(key, out var current) && current.ETag == grainState.ETag && rows.TryUpdate(key, row, current);
        if (!written)
        {
            throw new InconsistentStateException($"ETag mismatch writing {stateName} of {grainId}.", storedEtag: null, currentEtag: grainState.ETag);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        rows.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
