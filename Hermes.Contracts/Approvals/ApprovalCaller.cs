namespace Hermes.Contracts.Approvals;

/// <summary>
/// Who sends the message that a session handles, carried beside the call in Orleans' <see cref="RequestContext"/> so
/// that every session method stays as it is: the session records the sender of a turn that pauses as the one who may
/// decide, and checks the decider of <c>/approve</c> and <c>/deny</c>. Set by trusted front-ends only (the front door from
/// the platform's user id, the operator console as an operator), never from message text.
/// </summary>
public static class ApprovalCaller
{
    private const string SenderKey = "hermes.sender";
    private const string OperatorKey = "hermes.operator";

    /// <summary>The platform's id of the user who sends the current message, if a front-end named one.</summary>
    public static string? Sender => RequestContext.Get(SenderKey) as string;

    /// <summary>True when an operator sends the current message through the <c>hermes</c> command line.</summary>
    public static bool IsOperator => RequestContext.Get(OperatorKey) is true;

    /// <summary>Names the sender of the calls made from here on in this asynchronous flow.</summary>
    public static void SetSender(string userId) => RequestContext.Set(SenderKey, userId);

    /// <summary>Marks the calls made from here on in this asynchronous flow as an operator's.</summary>
    public static void SetOperator() => RequestContext.Set(OperatorKey, true);
}
