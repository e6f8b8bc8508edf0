using System.Diagnostics.CodeAnalysis;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core;

/// <summary>
/// How a store operation ended. Each value asks something different of the caller (another HTTP
/// status, another message on a page), which is why they are told apart instead of folded into
/// "had issues".
/// </summary>
public enum StoreOutcome
{
    /// <summary>Done; the result holds the value.</summary>
    Ok,

    /// <summary>The thing addressed does not exist. An issue names the missing part when it is not
    /// the thing itself (a rule exists but the version asked for does not).</summary>
    NotFound,

    /// <summary>Rejected as a whole; the issues say what to fix. Nothing was stored.</summary>
    Invalid,

    /// <summary>Valid on its own but clashes with what is stored (a name already taken, an alarm in a
    /// state that does not allow the action). Nothing was stored.</summary>
    Conflict,

    /// <summary>The caller may not make this particular change (a field only admins may change, a model
    /// of another system than the key's); the issues name each item and field. Nothing was stored.</summary>
    Forbidden,

    /// <summary>The writer's queue is full, or the operation kept losing races; nothing was stored and
    /// the same request may succeed later.</summary>
    Busy,
}

/// <summary>
/// What a store operation that can fail for the caller's reasons returns. All stores share this one
/// shape so the web layer turns outcomes into HTTP answers in one place and pages read them alike.
/// <see cref="Value"/> is set exactly when <see cref="Outcome"/> is <see cref="StoreOutcome.Ok"/>;
/// <see cref="StoreOutcome.Conflict"/> and <see cref="StoreOutcome.Forbidden"/> carry at least one issue.
/// </summary>
public sealed record StoreResult<T>(StoreOutcome Outcome, T? Value, IReadOnlyList<ValidationIssue> Issues)
{
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsOk => Outcome == StoreOutcome.Ok;

    public static StoreResult<T> Ok(T value) => new(StoreOutcome.Ok, value, []);

    /// <param name="issues">The missing part, when it is not the addressed thing itself; usually none.</param>
    public static StoreResult<T> NotFound(params IReadOnlyList<ValidationIssue> issues) => new(StoreOutcome.NotFound, default, issues);

    public static StoreResult<T> Invalid(IReadOnlyList<ValidationIssue> issues) => new(StoreOutcome.Invalid, default, issues);

    public static StoreResult<T> Conflict(IReadOnlyList<ValidationIssue> issues) => new(StoreOutcome.Conflict, default, issues);

    public static StoreResult<T> Forbidden(IReadOnlyList<ValidationIssue> issues) => new(StoreOutcome.Forbidden, default, issues);

    public static StoreResult<T> Busy() => new(StoreOutcome.Busy, default, []);
}
