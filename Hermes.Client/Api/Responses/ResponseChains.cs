using System.Collections.Immutable;
using Hermes.Contracts.Responses;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Api.Responses;

/// <summary>
/// Response chains over sessions: a stored response knows its session and turn. A response that continues the
/// session's latest one goes on in that session; one that continues an earlier response (a branch) forks: a new session
/// starts from the history up to that response, and the original session goes on untouched.
/// </summary>
/// <remarks>
/// A fork rather than a 409: a client that sends an earlier <c>previous_response_id</c> means "answer as if the chain
/// ended there" (a regenerate, an edit, a second branch), and that is what OpenAI's own API does; refusing would push
/// every such client into error handling for a request whose meaning is clear.
/// </remarks>
public sealed class ResponseChains(IClusterClient cluster)
{
    /// <summary>Archive pages read at most for a fork from a conversation that was since replaced.</summary>
    private const int MaxPagesRead = 1000;

    /// <summary>The response, when it exists and belongs to <paramref name="caller"/>.</summary>
    public async Task<StoredResponse?> FindAsync(string caller, string id) =>
        id.Length is 0 or > 256 ? null : await Grain(id).GetAsync() is { } stored && stored.Owner == caller ? stored : null;

    public Task SaveAsync(StoredResponse response) => Grain(response.Id).SaveAsync(response);

    public Task<bool> DeleteAsync(string id) => Grain(id).DeleteAsync();

    public Task<SessionSnapshot> SnapshotAsync(string caller, string conversation) => Session(caller, conversation).GetSnapshotAsync();

    /// <summary>
    /// Where <paramref name="previous"/> stands: whether it is still its session's latest answer (no turn the model sees
    /// came after it; a failed turn does not count), and the conversation up to and including it (from the session's
    /// recent transcript, or from the archive of a conversation since replaced).
    /// </summary>
    public async Task<(bool Latest, ImmutableArray<TranscriptMessage> History)> LocateAsync(StoredResponse previous)
    {
        var session = Session(previous.Owner, previous.Conversation);
        var snapshot = await session.GetSnapshotAsync();
        List<TranscriptMessage> messages = [];
        if (snapshot.SessionId == previous.SessionId)
        {
            messages.AddRange(await session.GetTranscriptAsync(int.MaxValue));
        }
        else
        {
            for (var page = 0; page < MaxPagesRead; page++)
            {
                var read = await session.GetArchivedPageAsync(previous.SessionId, page);
                if (read.IsEmpty)
                {
                    break;
                }

                messages.AddRange(read);
            }
        }

        var latest = snapshot.SessionId == previous.SessionId && !messages.Any(message => message.Turn > previous.TurnNumber && message.InModelContext);
        return (latest, [.. messages.Where(message => message.Turn <= previous.TurnNumber && message.InModelContext)]);
    }

    private IResponseGrain Grain(string id) => cluster.GetGrain<IResponseGrain>(id);

    private ISessionGrain Session(string caller, string conversation) =>
        cluster.GetSessionGrain(SessionKey.ForDm(ChatCompletionsEndpoint.Platform, $"{caller}/{conversation}"));
}
