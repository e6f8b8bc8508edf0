using System.Security.Claims;
using MonitorHub.Core;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Features.Alarms;

/// <summary>Acknowledge and resolve from any page: comment dialog, role check, store call, toast.</summary>
public sealed class AlarmActions(IDialogService dialogs, AlarmStore store, ISnackbar snackbar)
{
    public async Task<bool> AcknowledgeAsync(AlarmView alarm, ClaimsPrincipal user, int defaultExpiryMinutes)
    {
        var input = await AskAsync($"Acknowledge “{alarm.RuleName}” ({AlarmUi.Tags(alarm.Tags)})", "Acknowledge", true, defaultExpiryMinutes);
        if (input is null) return false;
        if (!Policies.Allows(user, Permission.Operate)) return Fail("Your role does not allow acknowledging alarms.");
        var result = await store.AcknowledgeAsync(alarm.Id, input.Value.Comment, input.Value.Expires, user.ActorName(), input.Value.Feedback);
        return Report(result, "Acknowledged.");
    }

    public async Task<bool> ResolveAsync(AlarmView alarm, ClaimsPrincipal user)
    {
        var input = await AskAsync($"Resolve “{alarm.RuleName}” ({AlarmUi.Tags(alarm.Tags)}) by hand", "Resolve", false, 0);
        if (input is null) return false;
        if (!Policies.Allows(user, Permission.Operate)) return Fail("Your role does not allow resolving alarms.");
        return Report(await store.ResolveAsync(alarm.Id, input.Value.Comment, user.ActorName(), input.Value.Feedback), "Resolved.");
    }

    private async Task<(string Comment, int Expires, AlarmFeedback? Feedback)?> AskAsync(string prompt, string action, bool expiry, int minutes)
    {
        var parameters = new DialogParameters<CommentDialog>
        {
            { d => d.Prompt, prompt },
            { d => d.Action, action },
            { d => d.ShowExpiry, expiry },
            { d => d.DefaultExpiryMinutes, minutes },
        };
        var dialog = await dialogs.ShowAsync<CommentDialog>(action, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is not { Canceled: false, Data: ValueTuple<string, int, string> data }) return null;
        AlarmFeedback? feedback = Enum.TryParse<AlarmFeedback>(data.Item3, ignoreCase: true, out var parsed) ? parsed : null;
        return (data.Item1, data.Item2, feedback);
    }

    private bool Report(StoreResult<AlarmView> result, string success)
    {
        if (result.IsOk)
        {
            snackbar.Add(success, MudBlazor.Severity.Success);
            return true;
        }

        return Fail(result.Issues.FirstOrDefault()?.Reason ?? "The alarm no longer exists.");
    }

    private bool Fail(string message)
    {
        snackbar.Add(message, MudBlazor.Severity.Error);
        return false;
    }
}
