using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MonitorHub.Core;
using MonitorHub.Core.Automation;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.FailureModes;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Automation;

/// <summary>A system's degree of automation, its τ, the history of changes and the current evidence.</summary>
/// <param name="Degree">Null while the system has no checklist: no degree was ever set, and the route answers <c>model</c> as before degrees existed.</param>
public sealed record AutomationView(int SystemId, string System, AutomationDegree? Degree, double? Threshold, IReadOnlyList<AutomationChange> History, AutomationEvidence Evidence);

/// <summary>
/// The degree of automation per system. The degree itself lives in the system's checklist (where the
/// Pipelines page shows it); every change is a history row with actor and reason, and a raise keeps the
/// evidence it was shown. Evidence is the system's models' paired answers over the last
/// <see cref="AutomationOptions.EvidenceDays"/> days: the live side (a person's answer, else the live
/// model's) against the shadow model's answer to the same request.
/// </summary>
public sealed class AutomationStore(
    IDbContextFactory<MonitorHubDbContext> contexts, PairedPredictions predictions, AutomationCache cache, AuditLog audit,
    IOptions<MonitorHubOptions> options, TimeProvider clock)
{
    public const int MaxHistory = 200;
    private static JsonSerializerOptions Json => StoredJson.Options;

    private int Days => options.Value.Automation.EvidenceDays;

    internal static SystemChecklist Parse(string json) => JsonSerializer.Deserialize<SystemChecklist>(json, Json) ?? new SystemChecklist();

    public async Task<AutomationView?> GetAsync(string system, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, system, cancellationToken) is not { } row) return null;
        var checklist = await ChecklistAsync(db, row.Id, cancellationToken);
        return new AutomationView(row.Id, row.Name, checklist?.Automation, checklist?.AutomationThreshold, await HistoryAsync(db, row.Id, cancellationToken),
            await EvidenceAsync(db, row.Id, cancellationToken));
    }

    /// <summary>A person's change: validated (reason, degree, τ for partial automation); a raise stores the evidence shown.</summary>
    public async Task<StoreResult<AutomationView>> ChangeAsync(string system, AutomationRequest request, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, system, cancellationToken) is not { } row) return StoreResult<AutomationView>.NotFound();
        var before = await ChecklistAsync(db, row.Id, cancellationToken) ?? new SystemChecklist();
        var issues = AutomationRules.Validate(request, before.AutomationThreshold);
        if (issues.Count > 0) return StoreResult<AutomationView>.Invalid(issues);

        var evidence = await EvidenceAsync(db, row.Id, cancellationToken);
        var after = before with { Automation = request.Degree, AutomationThreshold = request.Threshold ?? before.AutomationThreshold };
        await SaveAsync(db, row.Id, before, after, actor, request.Reason!.Trim(), AutomationRules.IsUp(before.Automation, request.Degree) ? evidence : null, cancellationToken);
        return StoreResult<AutomationView>.Ok(new AutomationView(row.Id, row.Name, after.Automation, after.AutomationThreshold,
            await HistoryAsync(db, row.Id, cancellationToken), evidence));
    }

    /// <summary>One degree down for a critical alarm on the system; once per alarm (the actor names it). False when
    /// nothing changed (already human only, or this alarm demoted the system before).</summary>
    public async Task<bool> DemoteAsync(int systemId, long alarmId, string reason, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = "alarm:" + alarmId.ToString(CultureInfo.InvariantCulture);
        if (await db.AutomationChanges.AnyAsync(c => c.SystemId == systemId && c.Actor == actor, cancellationToken)) return false;
        if (await ChecklistAsync(db, systemId, cancellationToken) is not { } before || AutomationRules.Demoted(before.Automation) is not { } lower) return false;
        await SaveAsync(db, systemId, before, before with { Automation = lower }, actor, reason, null, cancellationToken);
        return true;
    }

    /// <summary>Precision and share automated per τ from the live model's labelled, scored decisions of the last days.</summary>
    public async Task<ThresholdCurve?> ThresholdsAsync(string system, double targetPrecision, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, system, cancellationToken) is not { } row) return null;
        var now = clock.GetUtcNow();
        var outcomes = await predictions.ScoredOutcomesAsync(await ModelsAsync(db, row.Id, cancellationToken), now.AddDays(-Days), now, cancellationToken);
        return ThresholdSuggestion.Compute(outcomes, targetPrecision);
    }

    private async Task SaveAsync(
        MonitorHubDbContext db, int systemId, SystemChecklist before, SystemChecklist after, string actor, string reason, AutomationEvidence? evidence, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = await db.SystemChecklists.SingleOrDefaultAsync(c => c.SystemId == systemId, cancellationToken);
        if (row is null)
        {
            row = new SystemChecklistEntity { SystemId = systemId, Definition = "{}", UpdatedBy = actor };
            db.SystemChecklists.Add(row);
        }

        row.Definition = JsonSerializer.Serialize(after, Json);
        row.UpdatedAtMs = now;
        row.UpdatedBy = actor;
        db.AutomationChanges.Add(new AutomationChangeEntity
        {
            SystemId = systemId, AtMs = now, From = (int)before.Automation, To = (int)after.Automation, Actor = actor, Reason = reason,
            Evidence = evidence is null ? null : JsonSerializer.Serialize(evidence, Json),
        });
        audit.Add(db, actor, "automation", "system", systemId.ToString(CultureInfo.InvariantCulture),
            new { degree = before.Automation, threshold = before.AutomationThreshold }, new { degree = after.Automation, threshold = after.AutomationThreshold, reason });
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
    }

    private static async Task<SystemChecklist?> ChecklistAsync(MonitorHubDbContext db, int systemId, CancellationToken cancellationToken) =>
        await db.SystemChecklists.AsNoTracking().Where(c => c.SystemId == systemId).Select(c => c.Definition).SingleOrDefaultAsync(cancellationToken) is { } json
            ? Parse(json) : null;

    /// <summary>A system by name, or by id when no system has that name.</summary>
    private static async Task<SystemEntity?> FindAsync(MonitorHubDbContext db, string system, CancellationToken cancellationToken) =>
        await db.Systems.AsNoTracking().SingleOrDefaultAsync(s => s.Name == system, cancellationToken)
        ?? (int.TryParse(system, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? await db.Systems.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) : null);

    private static async Task<List<string>> ModelsAsync(MonitorHubDbContext db, int systemId, CancellationToken cancellationToken) =>
        await db.Models.AsNoTracking().Where(m => m.SystemId == systemId).OrderBy(m => m.Name).Select(m => m.Name).ToListAsync(cancellationToken);

    private static async Task<IReadOnlyList<AutomationChange>> HistoryAsync(MonitorHubDbContext db, int systemId, CancellationToken cancellationToken)
    {
        var rows = await db.AutomationChanges.AsNoTracking().Where(c => c.SystemId == systemId)
            .OrderByDescending(c => c.AtMs).ThenByDescending(c => c.Id).Take(MaxHistory).ToListAsync(cancellationToken);
        return [.. rows.Select(c => new AutomationChange(DateTimeOffset.FromUnixTimeMilliseconds(c.AtMs), (AutomationDegree)c.From, (AutomationDegree)c.To, c.Actor, c.Reason,
            c.Evidence is null ? null : JsonSerializer.Deserialize<AutomationEvidence>(c.Evidence, Json)))];
    }

    private async Task<AutomationEvidence> EvidenceAsync(MonitorHubDbContext db, int systemId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await predictions.RowsAsync(await ModelsAsync(db, systemId, cancellationToken), now.AddDays(-Days), now, cancellationToken);
        var pairs = ShadowPairing.Pair(rows, r => r.Role switch { PredictionRole.Human => 0, PredictionRole.Live => 1, _ => null }, r => r.Role == PredictionRole.Shadow);
        if (ShadowPairing.Summarise(pairs) is not { } s) return AutomationEvidence.None(Days);
        return new AutomationEvidence(s.N, s.Agreement, s.AgreementLow, s.AgreementHigh, s.ShadowAccuracy, s.LiveAccuracy, Days);
    }
}
