using System.Net.Http.Json;
using MonitorHub.Core.Demo;

namespace MonitorHub.Web.Features.Demo;

/// <summary>
/// The demo's batch job: defined once with its compressed schedule (which creates its dead-man and failure
/// rules), then each slot reports <c>started</c> and, when the script's duration has passed, <c>succeeded</c>
/// or <c>failed</c> with the same run id; skipped slots report nothing, which is what trips the dead man's switch.
/// </summary>
public sealed partial class DemoSimulator
{
    private sealed class BatchState(DateTimeOffset now)
    {
        /// <summary>The slot due next: the current one at start, so the first run is reported at once.</summary>
        public long NextSlot { get; set; } = VoiceSearchBatch.SlotAt(now);
        public (DemoBatchRun Run, DateTimeOffset FinishAt)? Running { get; set; }
    }

    private static async Task<BatchState> SetUpBatchJobAsync(HttpClient http, Pipelines.SystemDto? system, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var component = system?.Components.FirstOrDefault(c => c.Name == VoiceSearchBatch.Component)?.Id;
        using var _ = await http.PutAsJsonAsync($"/api/v1/jobs/{VoiceSearchBatch.Job}", new
        {
            description = VoiceSearchBatch.Description, everyMinutes = VoiceSearchBatch.EveryMinutes, graceMinutes = VoiceSearchBatch.GraceMinutes,
            componentId = component, reason = "Set up by the demo simulator",
        }, Json, cancellationToken);
        return new BatchState(now);
    }

    private static async Task PlayBatchJobAsync(HttpClient http, BatchState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var path = $"/api/v1/jobs/{VoiceSearchBatch.Job}/runs";
        if (state.Running is { } running && now >= running.FinishAt)
        {
            state.Running = null;
            var run = running.Run;
            await PostAsync(http, path, new
            {
                status = run.Fails ? "failed" : "succeeded", runId = RunId(run), rowsIn = run.RowsIn, rowsOut = run.RowsOut,
                message = run.Message.Length > 0 ? run.Message : null,
            }, cancellationToken);
        }

        if (now < VoiceSearchBatch.SlotStart(state.NextSlot)) return;
        var slot = VoiceSearchBatch.SlotAt(now);
        var next = VoiceSearchBatch.Run(slot);
        state.NextSlot = slot + 1;
        if (next.Skipped || state.Running is not null) return;
        if (await PostAsync(http, path, new { status = "started", runId = RunId(next), rowsIn = next.RowsIn }, cancellationToken))
            state.Running = (next, now + next.Duration);
    }

    private static string RunId(DemoBatchRun run) => $"fe-{run.Slot}";
}
