using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Alarms;

/// <summary>
/// Parsed rule definitions by rule id, for the evaluator, which reads every enabled rule on each
/// tick to find the due ones: with 10 000 rules, parsing 10 000 JSON definitions every 10 seconds
/// was a large share of a cycle although definitions rarely change. An entry is reused only while
/// its row's definition text is unchanged (an edit is seen on the next tick), and entries of rules
/// no longer read are dropped, so the cache never holds more than the enabled rules.
/// Used under the evaluator's gate only: not thread-safe.
/// </summary>
internal sealed class RuleDefinitionCache
{
    private Dictionary<int, (string Definition, AlarmRule Parsed)> _entries = [];

    public int Count => _entries.Count;

    /// <summary>The row's rule, parsing its definition only when it is new or changed.</summary>
    public AlarmRule ToRule(AlarmRuleEntity row)
    {
        if (!_entries.TryGetValue(row.Id, out var entry) || !string.Equals(entry.Definition, row.Definition, StringComparison.Ordinal))
        {
            entry = (row.Definition, AlarmStore.ParseDefinition(row.Definition));
            _entries[row.Id] = entry;
        }

        return AlarmStore.ToRule(row, entry.Parsed);
    }

    /// <summary>Forgets every rule not among <paramref name="rows"/> (deleted or disabled).</summary>
    public void Retain(IReadOnlyCollection<AlarmRuleEntity> rows)
    {
        if (_entries.Count == 0) return;
        var kept = new Dictionary<int, (string, AlarmRule)>(rows.Count);
        foreach (var row in rows)
        {
            if (_entries.TryGetValue(row.Id, out var entry)) kept[row.Id] = entry;
        }

        _entries = kept;
    }
}
