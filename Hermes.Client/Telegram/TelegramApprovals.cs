using Hermes.Contracts.Approvals;
using Telegram.Bot.Types.ReplyMarkups;

namespace Hermes.Client.Telegram;

/// <summary>
/// Tool approval in Telegram: each pending call is a question of its own with the buttons Approve, Always and Deny, whose
/// callback data stands for the session command it sends (<c>/approve 3</c>, <c>/approve 3 always</c>, <c>/deny 3</c>)
/// and names the user who may press it: in a group everyone sees the buttons, but a press goes to the presser's session.
/// </summary>
public static class TelegramApprovals
{
    public static string Question(PendingApproval approval) => $"Run this tool call?\n{ApprovalTexts.Question(approval)}";

    public static InlineKeyboardMarkup Buttons(PendingApproval approval) => new(
    [
        [
            InlineKeyboardButton.WithCallbackData("Approve", $"approve:{approval.Id}:{approval.MayDecide}"),
            InlineKeyboardButton.WithCallbackData("Always", $"always:{approval.Id}:{approval.MayDecide}"),
            InlineKeyboardButton.WithCallbackData("Deny", $"deny:{approval.Id}:{approval.MayDecide}"),
        ],
    ]);

    /// <summary>
    /// The session command a button stands for, the approval it answers and who may press it (empty: anyone who reaches
    /// the session), or null for data that is not a button of ours.
    /// </summary>
    public static (string Command, string ApprovalId, string Owner)? Read(string? data) => data?.Split(':', 3) switch
    {
        ["approve", var id, var owner] => ($"/approve {id}", id, owner),
        ["always", var id, var owner] => ($"/approve {id} always", id, owner),
        ["deny", var id, var owner] => ($"/deny {id}", id, owner),
        _ => null,
    };
}
