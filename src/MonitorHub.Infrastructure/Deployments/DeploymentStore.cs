using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Infrastructure.Versioning;

namespace MonitorHub.Infrastructure.Deployments;

/// <summary>
/// Deployments, their decisions and analysis runs. Every change goes through one gate and is worked
/// out by the pure <see cref="DeploymentStateMachine"/> on the row as stored, so the controller and a
/// person acting at the same moment cannot both change the same state; each change commits with its
/// decision (and a person's with an audit entry), then is published on the <see cref="DeploymentFeed"/>.
/// </summary>
public sealed class DeploymentStore(
    IDbContextFactory<MonitorHubDbContext> contexts, ModelVersionStore versions, AuditLog audit, DeploymentFeed feed, Alarms.NotificationDelivery delivery, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = StoredJson.Options;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The outcome of a change worked out on the stored deployment: the new state and its
    /// decisions, or a conflict saying why the current state does not allow it.</summary>
    internal sealed record Change(Deployment? Next, IReadOnlyList<DeploymentDecision> Decisions, string? Conflict = null)
    {
        public static Change Of(Transition t) => new(t.Deployment, t.Decision is null ? [] : [t.Decision]);
    }

    public async Task<StoreResult<Deployment>> CreateAsync(DeploymentSpec spec, string actor, CancellationToken cancellationToken = default)
    {
        var created = await CreateWithSecretAsync(spec, actor, cancellationToken);
        return new(created.Outcome, created.Value?.Deployment, created.Issues);
    }

    /// <summary>Creates the deployment; when a step has an approval webhook, also the secret its calls are
    /// signed with, returned this once (as a channel's is).</summary>
    public async Task<StoreResult<CreatedDeployment>> CreateWithSecretAsync(DeploymentSpec spec, string actor, CancellationToken cancellationToken = default)
    {
        var issues = DeploymentValidation.Validate(spec);
        if (issues.Count > 0) return StoreResult<CreatedDeployment>.Invalid(issues);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Models.AnyAsync(m => m.Name == spec.Model, cancellationToken))
            return StoreResult<CreatedDeployment>.Invalid([new(null, "model", $"No model '{spec.Model}'.")]);
        var registered = await versions.RegisteredAsync(spec.Model, [spec.Baseline, spec.Candidate], cancellationToken);
        foreach (var (field, version) in new[] { ("baseline", spec.Baseline), ("candidate", spec.Candidate) })
        {
            if (!registered.Contains(version))
                issues.Add(new(null, field, $"'{version}' is not a registered version of '{spec.Model}' (POST /api/v1/models/{spec.Model}/versions, or log a prediction with it)."));
        }

        if (spec.RouterChannel is { } channel && !await db.Channels.AnyAsync(c => c.Id == channel && c.Kind == (int)Core.Alarms.ChannelKind.Webhook, cancellationToken))
            issues.Add(new(null, "routerChannel", $"No webhook channel {channel} (GET /api/v1/channels); a router is told through a signed webhook channel."));
        if (issues.Count > 0) return StoreResult<CreatedDeployment>.Invalid(issues);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var active = await db.Deployments.AsNoTracking().Where(d => d.Model == spec.Model && d.State <= (int)DeploymentState.Paused)
                .OrderBy(d => d.Id).Select(d => new { d.Id, d.Strategy }).ToListAsync(cancellationToken);
            if (DeploymentValidation.Conflict(spec, active.Select(a => (a.Id, (DeploymentStrategy)a.Strategy))) is { } conflict)
                return StoreResult<CreatedDeployment>.Conflict([new(null, "model", conflict)]);
            var now = clock.GetUtcNow();
            var row = new DeploymentEntity
            {
                Model = spec.Model, Baseline = spec.Baseline, Candidate = spec.Candidate, Definition = "{}", CreatedBy = actor,
                Salt = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)),
                WebhookSecret = spec.Steps.Any(s => s.Webhook is not null) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) : null,
            };
            var created = new Deployment(0, spec, row.Salt, DeploymentState.Pending, 0, 0, now, 0, now, actor, now);
            Write(row, created);
            db.Deployments.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            created = created with { Id = row.Id };
            audit.Add(db, actor, "create", "deployment", Key(row.Id), null, created);
            await db.SaveChangesAsync(cancellationToken);
            feed.Publish(new(created, [], null));
            return StoreResult<CreatedDeployment>.Ok(new(created, row.WebhookSecret));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<DeploymentPage> ListAsync(string? model, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Deployments.AsNoTracking();
        if (!string.IsNullOrEmpty(model)) query = query.Where(d => d.Model == model);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(d => d.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        var ids = rows.Select(d => d.Id).ToList();
        var latest = await db.AnalysisRuns.AsNoTracking().Where(r => ids.Contains(r.DeploymentId)).GroupBy(r => r.DeploymentId)
            .Select(g => g.Max(r => r.Id)).ToListAsync(cancellationToken);
        var runs = await db.AnalysisRuns.AsNoTracking().Where(r => latest.Contains(r.Id)).ToListAsync(cancellationToken);
        return new([.. rows.Select(ToRecord)], total, runs.ToDictionary(r => r.DeploymentId, ToRecord));
    }

    /// <summary>Every deployment (for the router's cache) or only those still rolling out (for the controller).</summary>
    public async Task<IReadOnlyList<Deployment>> AllAsync(bool activeOnly, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Deployments.AsNoTracking();
        if (activeOnly) query = query.Where(d => d.State <= (int)DeploymentState.Paused);
        return [.. (await query.OrderBy(d => d.Id).ToListAsync(cancellationToken)).Select(ToRecord)];
    }

    /// <summary>The secret an approval webhook call is signed with; null for a deployment without one.</summary>
    public async Task<string?> WebhookSecretAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Deployments.AsNoTracking().Where(d => d.Id == id).Select(d => d.WebhookSecret).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<Deployment?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    public async Task<DeploymentDetail?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (row is null) return null;
        var decisions = await db.DeploymentDecisions.AsNoTracking().Where(x => x.DeploymentId == id).OrderBy(x => x.AtMs).ThenBy(x => x.Id).ToListAsync(cancellationToken);
        var runs = await db.AnalysisRuns.AsNoTracking().Where(x => x.DeploymentId == id).OrderBy(x => x.StartedAtMs).ThenBy(x => x.Id).ToListAsync(cancellationToken);
        return new(ToRecord(row), [.. decisions.Select(ToRecord)], [.. runs.Select(ToRecord)]);
    }

    /// <summary>A person's (or key's) action; the reason is required and kept with the decision.</summary>
    public async Task<StoreResult<Deployment>> ActAsync(long id, DeploymentAction action, string actor, string? reason, CancellationToken cancellationToken = default)
    {
        if (VersionStore.CheckReason(reason, required: true) is { } issue) return StoreResult<Deployment>.Invalid([issue]);
        var result = await ChangeAsync(id, null, (d, _) =>
        {
            var (transition, conflict) = DeploymentStateMachine.Act(d, action, actor, reason!.Trim(), clock.GetUtcNow());
            return transition is null ? new Change(null, [], conflict) : Change.Of(transition);
        }, audited: (actor, action.ToString().ToLowerInvariant()), cancellationToken);
        return new StoreResult<Deployment>(result.Outcome, result.Value?.Deployment, result.Issues);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the deployment as stored, under the gate, in one transaction
    /// with <paramref name="run"/> (inserted first, so the change can name the run's id).
    /// </summary>
    internal async Task<StoreResult<DeploymentChange>> ChangeAsync(
        long id, AnalysisRun? run, Func<Deployment, AnalysisRun?, Change> change, (string Actor, string Action)? audited, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var row = await db.Deployments.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
            if (row is null) return StoreResult<DeploymentChange>.NotFound();
            var before = ToRecord(row);
            if (run is not null)
            {
                var runRow = Write(new AnalysisRunEntity { DeploymentId = id, Reasons = "[]", Metrics = "[]" }, run);
                db.AnalysisRuns.Add(runRow);
                await db.SaveChangesAsync(cancellationToken);
                run = run with { Id = runRow.Id, DeploymentId = id };
            }

            var outcome = change(before, run);
            if (outcome.Conflict is { } conflict) return StoreResult<DeploymentChange>.Conflict([new(null, "state", conflict)]);
            var after = outcome.Next ?? before;
            // A controller tick that found nothing to do writes and publishes nothing.
            if (run is null && outcome.Decisions.Count == 0 && after == before) return StoreResult<DeploymentChange>.Ok(new(before, [], null));
            Write(row, after);
            foreach (var decision in outcome.Decisions) db.DeploymentDecisions.Add(Write(id, decision));
            if (audited is { } who) audit.Add(db, who.Actor, who.Action, "deployment", Key(id), before, after);
            await db.SaveChangesAsync(cancellationToken);
            // The router's notice is written in the change's transaction (signed, retried and logged like any
            // notification) and scheduled once it committed; the notifications' relay sends it after a crash between.
            long? notice = null;
            if (RouterNotice.IsDue(before, after))
            {
                var reason = outcome.Decisions.FirstOrDefault(x => x.Weight != before.Weight)?.Reason;
                notice = await delivery.AddAsync(db, after.Spec.RouterChannel!.Value, null, deliveryId => RouterNotice.Payload(after, reason, after.UpdatedAt, deliveryId), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            if (notice is { } n) delivery.Schedule(n);
            var published = new DeploymentChange(after, outcome.Decisions, run);
            feed.Publish(published);
            return StoreResult<DeploymentChange>.Ok(published);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The spec's parts that are not columns of their own.</summary>
    private sealed record Definition(IReadOnlyList<DeploymentStep> Steps, AnalysisSpec Analysis, string VersionTag, int RollbackWindowSeconds, int? RouterChannel = null);

    private static void Write(DeploymentEntity row, Deployment d)
    {
        row.Model = d.Spec.Model;
        row.Strategy = (int)d.Spec.Strategy;
        row.Baseline = d.Spec.Baseline;
        row.Candidate = d.Spec.Candidate;
        row.Definition = JsonSerializer.Serialize(new Definition(d.Spec.Steps, d.Spec.Analysis, d.Spec.VersionTag, d.Spec.RollbackWindowSeconds, d.Spec.RouterChannel), Json);
        row.Salt = d.Salt;
        row.State = (int)d.State;
        row.Weight = d.Weight;
        row.CurrentStep = d.CurrentStep;
        row.StepStartedAtMs = d.StepStartedAt.ToUnixTimeMilliseconds();
        row.StepRuns = d.StepRuns;
        row.PromotedAtMs = d.PromotedAt?.ToUnixTimeMilliseconds();
        row.Failures = d.Failures;
        row.Inconclusives = d.Inconclusives;
        row.ConsecutiveErrors = d.ConsecutiveErrors;
        row.LastAnalysisAtMs = d.LastAnalysisAt?.ToUnixTimeMilliseconds();
        row.CreatedBy = d.CreatedBy;
        row.CreatedAtMs = d.CreatedAt.ToUnixTimeMilliseconds();
        row.UpdatedAtMs = d.UpdatedAt.ToUnixTimeMilliseconds();
    }

    private static DeploymentDecisionEntity Write(long id, DeploymentDecision d) => new()
    {
        DeploymentId = id, AtMs = d.At.ToUnixTimeMilliseconds(), FromState = (int)d.From, ToState = (int)d.To, Weight = d.Weight, Step = d.Step,
        Actor = d.Actor, Reason = d.Reason,
    };

    private static AnalysisRunEntity Write(AnalysisRunEntity row, AnalysisRun run)
    {
        row.StartedAtMs = run.StartedAt.ToUnixTimeMilliseconds();
        row.WindowFromMs = run.WindowFrom.ToUnixTimeMilliseconds();
        row.WindowToMs = run.WindowTo.ToUnixTimeMilliseconds();
        row.Trigger = (int)run.Trigger;
        row.Verdict = run.Verdict is { } v ? (int)v : null;
        row.Score = run.Score;
        row.Reasons = JsonSerializer.Serialize(run.Reasons, Json);
        row.Metrics = JsonSerializer.Serialize(run.Metrics, Json);
        row.Error = run.Error;
        row.Shadow = run.Shadow is { } shadow ? JsonSerializer.Serialize(shadow, Json) : null;
        return row;
    }

    private static Deployment ToRecord(DeploymentEntity row)
    {
        var definition = JsonSerializer.Deserialize<Definition>(row.Definition, Json)!;
        var spec = new DeploymentSpec(row.Model, (DeploymentStrategy)row.Strategy, row.Baseline, row.Candidate, definition.Steps, definition.Analysis,
            definition.VersionTag, definition.RollbackWindowSeconds, definition.RouterChannel);
        return new Deployment(row.Id, spec, row.Salt, (DeploymentState)row.State, row.Weight, row.CurrentStep, Time(row.StepStartedAtMs), row.StepRuns,
            Time(row.CreatedAtMs), row.CreatedBy, Time(row.UpdatedAtMs), row.PromotedAtMs is { } p ? Time(p) : null,
            row.Failures, row.Inconclusives, row.ConsecutiveErrors, row.LastAnalysisAtMs is { } a ? Time(a) : null);
    }

    private static DeploymentDecision ToRecord(DeploymentDecisionEntity row) =>
        new(Time(row.AtMs), (DeploymentState)row.FromState, (DeploymentState)row.ToState, row.Weight, row.Step, row.Actor, row.Reason);

    private static AnalysisRun ToRecord(AnalysisRunEntity row) => new(
        row.Id, row.DeploymentId, Time(row.StartedAtMs), Time(row.WindowFromMs), Time(row.WindowToMs), (AnalysisTrigger)row.Trigger,
        row.Verdict is { } v ? (RunVerdict)v : null, row.Score,
        JsonSerializer.Deserialize<List<string>>(row.Reasons, Json) ?? [], JsonSerializer.Deserialize<List<MetricJudgement>>(row.Metrics, Json) ?? [], row.Error,
        row.Shadow is { } shadow ? JsonSerializer.Deserialize<ShadowSummary>(shadow, Json) : null);

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
