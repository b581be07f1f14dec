using Microsoft.Extensions.AI;

namespace Hermes.Grains.Compaction;

/// <summary>Asks the summarising model (by default the session's own chain) to answer <paramref name="prompt"/>.</summary>
public delegate Task<SummaryAnswer> SummaryWriter(IList<ChatMessage> prompt, CancellationToken cancellationToken);
