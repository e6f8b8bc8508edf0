namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// The one place table names are written, and with them the columns that hand-written SQL names.
/// The EF configurations map each entity with <c>ToTable(X.Table)</c>; the writer, the series query,
/// retention and the prediction readers interpolate the same constants, so SQL and schema cannot
/// drift apart. Columns are the entities' property names (EF's convention, hence <c>nameof</c>): a
/// renamed property renames its column in the next migration and the SQL with it. Column names are
/// double-quoted, as EF creates them: PostgreSQL folds unquoted identifiers to lower case (so
/// <c>Ts</c> would name a column <c>ts</c> that does not exist); SQLite reads either form alike.
/// </summary>
/// <remarks>
/// Only constants go into SQL text: an interpolated string whose holes are all constants is itself a
/// compile-time constant, so hot-path SQL stays a literal in the assembly (declare it <c>const</c> so a
/// non-constant hole fails to compile). Values always travel as parameters.
/// </remarks>
internal static class Tables
{
    // Metric storage: written by the single writer, read by the series query and retention.
    public static class Series
    {
        public const string Table = "series";
        public const string Id = $"\"{nameof(SeriesEntity.Id)}\"";
        public const string MetricKey = $"\"{nameof(SeriesEntity.MetricKey)}\"";
        public const string TagsKey = $"\"{nameof(SeriesEntity.TagsKey)}\"";
    }

    public static class Samples
    {
        public const string Table = "samples";
        public const string SeriesId = $"\"{nameof(SampleEntity.SeriesId)}\"";
        public const string Ts = $"\"{nameof(SampleEntity.Ts)}\"";
        public const string Value = $"\"{nameof(SampleEntity.Value)}\"";
    }

    public static class Rollups
    {
        public const string Table = "rollups";
        public const string SeriesId = $"\"{nameof(RollupEntity.SeriesId)}\"";
        public const string Minute = $"\"{nameof(RollupEntity.Minute)}\"";
        public const string Count = $"\"{nameof(RollupEntity.Count)}\"";
        public const string Sum = $"\"{nameof(RollupEntity.Sum)}\"";
        public const string Min = $"\"{nameof(RollupEntity.Min)}\"";
        public const string Max = $"\"{nameof(RollupEntity.Max)}\"";
        public const string Sketch = $"\"{nameof(RollupEntity.Sketch)}\"";
    }

    public static class FiveMinuteRollups
    {
        public const string Table = "rollups_5m";
        public const string SeriesId = $"\"{nameof(FiveMinuteRollupEntity.SeriesId)}\"";
        public const string FiveMinute = $"\"{nameof(FiveMinuteRollupEntity.FiveMinute)}\"";
    }

    public static class HourlyRollups
    {
        public const string Table = "rollups_hourly";
        public const string SeriesId = $"\"{nameof(HourlyRollupEntity.SeriesId)}\"";
        public const string Hour = $"\"{nameof(HourlyRollupEntity.Hour)}\"";
        public const string Count = $"\"{nameof(HourlyRollupEntity.Count)}\"";
        public const string Sum = $"\"{nameof(HourlyRollupEntity.Sum)}\"";
        public const string Min = $"\"{nameof(HourlyRollupEntity.Min)}\"";
        public const string Max = $"\"{nameof(HourlyRollupEntity.Max)}\"";
        public const string Sketch = $"\"{nameof(HourlyRollupEntity.Sketch)}\"";
    }

    public static class MetricDefinitions
    {
        public const string Table = "metric_definitions";
        public const string Key = $"\"{nameof(MetricDefinitionEntity.Key)}\"";
        public const string DisplayName = $"\"{nameof(MetricDefinitionEntity.DisplayName)}\"";
        public const string Category = $"\"{nameof(MetricDefinitionEntity.Category)}\"";
        public const string Unit = $"\"{nameof(MetricDefinitionEntity.Unit)}\"";
        public const string Description = $"\"{nameof(MetricDefinitionEntity.Description)}\"";
        public const string SystemId = $"\"{nameof(MetricDefinitionEntity.SystemId)}\"";
        public const string ComponentId = $"\"{nameof(MetricDefinitionEntity.ComponentId)}\"";
        public const string OwnerTeam = $"\"{nameof(MetricDefinitionEntity.OwnerTeam)}\"";
        public const string Pinned = $"\"{nameof(MetricDefinitionEntity.Pinned)}\"";
        public const string CreatedAtMs = $"\"{nameof(MetricDefinitionEntity.CreatedAtMs)}\"";
        public const string UpdatedAtMs = $"\"{nameof(MetricDefinitionEntity.UpdatedAtMs)}\"";
    }

    // Prediction logs: written by the single writer, read column-wise for drift and performance.
    public static class Models
    {
        public const string Table = "models";
        public const string Name = $"\"{nameof(ModelEntity.Name)}\"";
        public const string SystemId = $"\"{nameof(ModelEntity.SystemId)}\"";
        public const string SamplingRate = $"\"{nameof(ModelEntity.SamplingRate)}\"";
        public const string RetentionDays = $"\"{nameof(ModelEntity.RetentionDays)}\"";
        public const string CreatedAtMs = $"\"{nameof(ModelEntity.CreatedAtMs)}\"";
        public const string LastSeenAtMs = $"\"{nameof(ModelEntity.LastSeenAtMs)}\"";
    }

    public static class Predictions
    {
        public const string Table = "predictions";
        public const string Id = $"\"{nameof(PredictionEntity.Id)}\"";
        public const string Model = $"\"{nameof(PredictionEntity.Model)}\"";
        public const string PredictionId = $"\"{nameof(PredictionEntity.PredictionId)}\"";
        public const string Version = $"\"{nameof(PredictionEntity.Version)}\"";
        public const string Role = $"\"{nameof(PredictionEntity.Role)}\"";

        public const string Ts = $"\"{nameof(PredictionEntity.Ts)}\"";
        public const string Features = $"\"{nameof(PredictionEntity.Features)}\"";
        public const string OutputText = $"\"{nameof(PredictionEntity.OutputText)}\"";
        public const string OutputNumber = $"\"{nameof(PredictionEntity.OutputNumber)}\"";
        public const string Score = $"\"{nameof(PredictionEntity.Score)}\"";
        public const string LatencyMs = $"\"{nameof(PredictionEntity.LatencyMs)}\"";
        public const string ContentHash = $"\"{nameof(PredictionEntity.ContentHash)}\"";
        public const string LabelText = $"\"{nameof(PredictionEntity.LabelText)}\"";
        public const string LabelNumber = $"\"{nameof(PredictionEntity.LabelNumber)}\"";
        public const string LabelledAtMs = $"\"{nameof(PredictionEntity.LabelledAtMs)}\"";
    }

    // Alarms: rule evaluations are bulk-inserted and retained by hand; notifications are pruned.
    public static class RuleEvaluations
    {
        public const string Table = "rule_evaluations";
        public const string RuleId = $"\"{nameof(RuleEvaluationEntity.RuleId)}\"";
        public const string TagsKey = $"\"{nameof(RuleEvaluationEntity.TagsKey)}\"";
        public const string AtMs = $"\"{nameof(RuleEvaluationEntity.AtMs)}\"";
        public const string Value = $"\"{nameof(RuleEvaluationEntity.Value)}\"";
    }

    public static class Notifications
    {
        public const string Table = "notifications";
        public const string CreatedAtMs = $"\"{nameof(NotificationEntity.CreatedAtMs)}\"";
        public const string Status = $"\"{nameof(NotificationEntity.Status)}\"";
    }

    /// <summary>Versions seen in prediction logs are registered by the writer with hand-written SQL.</summary>
    public static class ModelVersions
    {
        public const string Table = "model_versions";
        public const string Model = $"\"{nameof(ModelVersionEntity.Model)}\"";
        public const string Version = $"\"{nameof(ModelVersionEntity.Version)}\"";
        public const string Description = $"\"{nameof(ModelVersionEntity.Description)}\"";
        public const string CreatedBy = $"\"{nameof(ModelVersionEntity.CreatedBy)}\"";
        public const string CreatedAtMs = $"\"{nameof(ModelVersionEntity.CreatedAtMs)}\"";
    }

    /// <summary>The timeline finds verdict changes with a window function EF cannot write.</summary>
    public static class DriftRuns
    {
        public const string Table = "drift_runs";
        public const string Id = $"\"{nameof(DriftRunEntity.Id)}\"";
        public const string MonitorId = $"\"{nameof(DriftRunEntity.MonitorId)}\"";
        public const string AtMs = $"\"{nameof(DriftRunEntity.AtMs)}\"";
        public const string DatasetDrift = $"\"{nameof(DriftRunEntity.DatasetDrift)}\"";
        public const string Share = $"\"{nameof(DriftRunEntity.Share)}\"";
        public const string Drifted = $"\"{nameof(DriftRunEntity.Drifted)}\"";
        public const string Tested = $"\"{nameof(DriftRunEntity.Tested)}\"";
        public const string Error = $"\"{nameof(DriftRunEntity.Error)}\"";
    }

    // Tables only EF reads and writes: their names, so every ToTable comes from here too.
    public static class AlarmRules { public const string Table = "alarm_rules"; }
    public static class Alarms { public const string Table = "alarms"; }
    public static class AlarmEvents { public const string Table = "alarm_events"; }
    public static class Incidents { public const string Table = "incidents"; }
    public static class IncidentAlarms { public const string Table = "incident_alarms"; }
    public static class IncidentEvents { public const string Table = "incident_events"; }
    public static class Silences { public const string Table = "silences"; }
    public static class Channels { public const string Table = "channels"; }
    public static class NotificationGroups { public const string Table = "notification_groups"; }
    public static class Systems { public const string Table = "systems"; }
    public static class Components { public const string Table = "components"; }
    public static class ComponentEdges { public const string Table = "component_edges"; }
    public static class ApiKeys { public const string Table = "api_keys"; }
    public static class AuditEntries { public const string Table = "audit_entries"; }
    public static class SensitiveFields { public const string Table = "sensitive_fields"; }
    public static class DataProtectionKeys { public const string Table = "data_protection_keys"; }
    public static class Versions { public const string Table = "versions"; }
    public static class FailureModes { public const string Table = "failure_modes"; }
    public static class SystemChecklists { public const string Table = "system_checklists"; }
    public static class DriftReferences { public const string Table = "drift_references"; }
    public static class DriftMonitors { public const string Table = "drift_monitors"; }
    public static class Detectors { public const string Table = "detectors"; }
    public static class DetectorEvents { public const string Table = "detector_events"; }
    public static class Deployments { public const string Table = "deployments"; }
    public static class DeploymentDecisions { public const string Table = "deployment_decisions"; }
    public static class AnalysisRuns { public const string Table = "analysis_runs"; }
    public static class ScrapeTargets { public const string Table = "scrape_targets"; }
    public static class ScrapeTransitions { public const string Table = "scrape_transitions"; }
    public static class AutomationChanges { public const string Table = "automation_changes"; }
    public static class Jobs { public const string Table = "jobs"; }
    public static class JobRuns { public const string Table = "job_runs"; }
}

/// <summary>SQL fragments several readers append (kept out of <see cref="Tables"/>, whose constants are names only).</summary>
public static class SqlFilters
{
    /// <summary>Appended to reads that describe the live model (drift, performance, concept drift): shadow
    /// and human rows answer the same requests and must not count twice.</summary>
    public const string LivePredictions = $" AND {Tables.Predictions.Role} = 'live'";
}
