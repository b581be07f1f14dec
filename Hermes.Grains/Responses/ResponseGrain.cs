using Hermes.Contracts.Responses;
using Hermes.Grains.Sessions;

namespace Hermes.Grains.Responses;

/// <summary>A stored response of the Responses API, in the sessions' storage (as durable as the session it belongs to).</summary>
[GrainType("response")]
public sealed class ResponseGrain(
    [PersistentState("response", SessionStorage.ProviderName)] IPersistentState<ResponseState> state) : Grain, IResponseGrain
{
    public async Task SaveAsync(StoredResponse response)
    {
        state.State.Response = response;
        await state.WriteStateAsync();
    }

    public Task<StoredResponse?> GetAsync() => Task.FromResult(state.State.Response);

    public async Task<bool> DeleteAsync()
    {
        if (state.State.Response is null)
        {
            return false;
        }

        state.State.Response = null;
        await state.ClearStateAsync();
        DeactivateOnIdle();
        return true;
    }
}
