using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Grains.Storage;

/// <summary>
/// Which lists of which state types are stored item by item. A state type not named here is stored whole, as its head.
/// A list added to a state later gets the next id here; never reuse or renumber one.
/// </summary>
public static class StateLayout
{
    private static readonly AppendOnlyList<SessionState>[] Session =
    [
        new AppendOnlyList<SessionState, TranscriptMessage>(0, state => state.Transcript, (state, items) => state.Transcript = items),
        new AppendOnlyList<SessionState, DeliveredMessage>(1, state => state.Delivered, (state, items) => state.Delivered = items),
    ];

    public static IReadOnlyList<AppendOnlyList<TState>> Of<TState>() => Session as AppendOnlyList<TState>[] ?? [];
}
