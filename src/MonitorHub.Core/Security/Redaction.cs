using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Security;

public enum RedactionMode
{
    /// <summary>The field is removed before storage.</summary>
    Drop,

    /// <summary>The value is replaced by a keyed hash: still groupable, never readable.</summary>
    Hash,
}

public sealed record SensitiveField(string Name, RedactionMode Mode);

/// <summary>Applies a system's sensitive-field rules to tags before anything is stored.</summary>
public static class Redaction
{
    public static TagSet Apply(TagSet tags, IReadOnlyList<SensitiveField> rules, Func<string, string> hash)
    {
        if (rules.Count == 0 || tags.Count == 0) return tags;
        var changed = false;
        var pairs = new List<KeyValuePair<string, string>>(tags.Count);
        foreach (var pair in tags.Pairs)
        {
            var rule = Find(rules, pair.Key);
            if (rule is null)
            {
                pairs.Add(pair);
                continue;
            }

            changed = true;
            if (rule.Mode == RedactionMode.Hash) pairs.Add(new(pair.Key, hash(pair.Value)));
        }

        return changed ? TagSet.From(pairs) : tags;
    }

    private static SensitiveField? Find(IReadOnlyList<SensitiveField> rules, string name)
    {
        foreach (var rule in rules)
        {
            if (string.Equals(rule.Name, name, StringComparison.OrdinalIgnoreCase)) return rule;
        }

        return null;
    }
}
