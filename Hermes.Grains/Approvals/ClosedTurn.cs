using Microsoft.Extensions.AI;

namespace Hermes.Grains.Approvals;

/// <summary>A paused turn ended without the model: its messages, each call with a result that says why it did not run.</summary>
public sealed record ClosedTurn(PausedTurn Turn, List<ChatMessage> Messages);
