namespace MonitorHub.Infrastructure.Persistence;

public sealed class AlarmRuleEntity
{
    public int Id { get; set; }

    /// <summary>The whole rule as JSON (camelCase); Name/Metric/Enabled are copied out for queries.</summary>
    public required string Definition { get; set; }
    public required string Name { get; set; }
    public required string Metric { get; set; }
    public bool Enabled { get; set; }
    public long? LastEvaluatedAtMs { get; set; }
    public long CreatedAtMs { get; set; }
    public long UpdatedAtMs { get; set; }
}

public sealed class AlarmEntity
{
    public long Id { get; set; }
    public int RuleId { get; set; }
    public required string TagsKey { get; set; }
    public int State { get; set; }
    public double? Value { get; set; }
    public long StartedAtMs { get; set; }
    public long? FiringSinceMs { get; set; }
    public long? ClearingSinceMs { get; set; }
    public long? AckUntilMs { get; set; }
    public long? AcknowledgedAtMs { get; set; }
    public string? AcknowledgedBy { get; set; }
    public long? ResolvedAtMs { get; set; }
    public bool Flapping { get; set; }

    /// <summary>On-call's verdict when acknowledging or resolving: 0 useful, 1 noise, null none.</summary>
    public int? Feedback { get; set; }
}

/// <summary>The alarm's timeline: transitions, acknowledgements, comments, with who did it.</summary>
public sealed class AlarmEventEntity
{
    public long Id { get; set; }
    public long AlarmId { get; set; }
    public long AtMs { get; set; }
    public required string Kind { get; set; }
    public int? FromState { get; set; }
    public int? ToState { get; set; }
    public double? Value { get; set; }
    public required string Actor { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>Each evaluation's value per series, kept for the rule's chart.</summary>
public sealed class RuleEvaluationEntity
{
    public long Id { get; set; }
    public int RuleId { get; set; }
    public required string TagsKey { get; set; }
    public long AtMs { get; set; }
    public double? Value { get; set; }
}

public sealed class SilenceEntity
{
    public int Id { get; set; }
    public int? RuleId { get; set; }
    public int? Severity { get; set; }

    /// <summary>Canonical tag-set key of the tag matchers.</summary>
    public string TagsKey { get; set; } = "";
    public long StartsAtMs { get; set; }
    public long EndsAtMs { get; set; }
    public required string Comment { get; set; }
    public required string CreatedBy { get; set; }
}

public sealed class ChannelEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int Kind { get; set; }
    public required string Url { get; set; }
    public required string Secret { get; set; }
    public bool Enabled { get; set; }
}

/// <summary>Grouping state per (channel, rule): when the group first changed, when it last sent what.</summary>
public sealed class NotificationGroupEntity
{
    public int ChannelId { get; set; }
    public int RuleId { get; set; }
    public long? FirstChangeAtMs { get; set; }
    public long? LastSentAtMs { get; set; }
    public string? LastFingerprint { get; set; }
}

/// <summary>The outbox: written before delivery is scheduled, so nothing to send is lost.</summary>
public sealed class NotificationEntity
{
    public long Id { get; set; }
    public int ChannelId { get; set; }
    public int? RuleId { get; set; }

    /// <summary>Idempotency id, in the payload and the X-MonitorHub-Delivery header.</summary>
    public string DeliveryId { get; set; } = "";
    public required string Payload { get; set; }
    public long CreatedAtMs { get; set; }
    public int Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public long? NextAttemptAtMs { get; set; }
    public long? DeliveredAtMs { get; set; }
}
