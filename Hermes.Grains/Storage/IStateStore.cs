namespace Hermes.Grains.Storage;

/// <summary>
/// A database that keeps grain states as a small head (the state without its append-only lists, and the version that
/// serves as ETag) plus one entry per list item. Implementations commit concurrent writes together (group commit) and
/// acknowledge a write only once it is durable.
/// </summary>
public interface IStateStore
{
    /// <summary>The stored head and entries of <paramref name="key"/>, entries ordered by list then sequence; null when nothing is stored.</summary>
    Task<StoredState?> ReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes the head and applies the list edits atomically, if the stored version is still the expected one.</summary>
    /// <returns>The new version.</returns>
    /// <exception cref="Orleans.Storage.InconsistentStateException">The stored version is not the expected one (another activation wrote).</exception>
    Task<long> WriteAsync(StateWrite write);

    /// <summary>Removes the head and every entry of <paramref name="key"/>, if the stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">The stored version is not the expected one.</exception>
    Task ClearAsync(string key, long? expectedVersion);
}
