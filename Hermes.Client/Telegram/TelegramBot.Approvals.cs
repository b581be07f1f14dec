using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Hermes.Client.Telegram;

/// <summary>The bot's side of tool approval: questions with buttons, and the buttons' callback queries.</summary>
public sealed partial class TelegramBot
{
    /// <summary>Asks about each call the turn waits for, in a message of its own with its buttons; a notice first, if any.</summary>
    private async Task AskAsync(long chatId, int? threadId, TurnResult turn, CancellationToken cancellationToken)
    {
        if (turn.Notice is { } notice)
        {
            await bot.SendMessage(chatId, notice, messageThreadId: threadId, cancellationToken: cancellationToken);
        }

        foreach (var approval in turn.PendingApprovals)
        {
            await bot.SendMessage(
                chatId, TelegramApprovals.Question(approval), messageThreadId: threadId, replyMarkup: TelegramApprovals.Buttons(approval), cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// A button was pressed: its command goes to the session as a message from whoever pressed it. A decision taken edits
    /// the question (the decision instead of the buttons) and the resumed turn's answer follows; a refused one (not the
    /// sender's) leaves the buttons and tells the presser why.
    /// </summary>
    private async Task HandleButtonAsync(CallbackQuery query, CancellationToken stoppingToken)
    {
        if (TelegramApprovals.Read(query.Data) is not { } button || query.Message is not { } question
            || TelegramRouting.ToIncoming(query, button.Command) is not { } incoming)
        {
            await bot.AnswerCallbackQuery(query.Id, cancellationToken: stoppingToken);
            return;
        }

        if (button.Owner.Length > 0 && button.Owner != incoming.UserId)
        {
            await bot.AnswerCallbackQuery(query.Id, "Only the user whose message asked for this tool call may decide it.", showAlert: true, cancellationToken: stoppingToken);
            return;
        }

        try
        {
            var reply = await frontDoor.SendAsync(incoming, cancellationToken: stoppingToken);
            var threadId = question.IsTopicMessage ? question.MessageThreadId : null;
            if (reply.Turn is not { } turn || (turn.AwaitsApproval && turn.PendingApprovals.Any(approval => approval.Id == button.ApprovalId)))
            {
                await bot.AnswerCallbackQuery(query.Id, reply.Turn?.Reply ?? reply.Text, showAlert: true, cancellationToken: stoppingToken);
                return;
            }

            await bot.AnswerCallbackQuery(query.Id, cancellationToken: stoppingToken);
            var decision = (turn.Notice ?? turn.Reply).Split('\n')[0];
            var presser = query.From.Username is { } username ? $"@{username}" : query.From.FirstName;
            await bot.EditMessageText(question.Chat.Id, question.MessageId, $"{question.Text}\n→ {decision} ({presser})", replyMarkup: null, cancellationToken: stoppingToken);
            if (turn.AwaitsApproval)
            {
                await AskAsync(question.Chat.Id, threadId, turn with { Notice = null }, stoppingToken);
            }
            else if (turn.Command is null)
            {
                foreach (var part in TelegramMessageSplitter.Split(turn.Reply))
                {
                    await bot.SendMessage(question.Chat.Id, part, messageThreadId: threadId, cancellationToken: stoppingToken);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogButtonFailed(exception, question.Chat.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Answering an approval button in Telegram chat {ChatId} failed")]
    private partial void LogButtonFailed(Exception exception, long chatId);
}
