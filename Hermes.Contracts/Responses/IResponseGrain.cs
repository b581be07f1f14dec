namespace Hermes.Contracts.Responses;

/// <summary>
/// One stored answer of the OpenAI Responses API, keyed by its response id: where it sits in which session, and what a
/// client may read back. Kept in the sessions' storage, so it is as durable as the session it belongs to.
/// </summary>
[Alias("hermes.IResponseGrain")]
public interface IResponseGrain : IGrainWithStringKey
{
    [Alias("Save")]
    Task SaveAsync(StoredResponse response);

    /// <summary>The stored response, or null when there is none (never stored, or deleted).</summary>
    [Alias("Get")]
    Task<StoredResponse?> GetAsync();

    /// <returns>False when there was nothing to delete.</returns>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}
