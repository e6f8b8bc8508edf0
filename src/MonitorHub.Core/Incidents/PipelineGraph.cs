using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Incidents;

/// <summary>
/// A system's components and edges as a directed graph: who feeds whom, what lies upstream of what,
/// and the path between two components. Built once per read; every query walks at most the
/// system's components (at most <see cref="CatalogueValidation.MaxComponents"/>).
/// </summary>
public sealed class PipelineGraph
{
    private readonly Dictionary<int, List<int>> _children = [];
    private readonly Dictionary<int, List<int>> _parents = [];
    private readonly Dictionary<int, HashSet<int>> _ancestors = [];

    public PipelineGraph(IEnumerable<int> components, IEnumerable<ComponentEdge> edges)
    {
        foreach (var c in components)
        {
            _children.TryAdd(c, []);
            _parents.TryAdd(c, []);
        }

        foreach (var e in edges)
        {
            if (!_children.ContainsKey(e.FromComponentId) || !_children.ContainsKey(e.ToComponentId)) continue;
            if (!_children[e.FromComponentId].Contains(e.ToComponentId)) _children[e.FromComponentId].Add(e.ToComponentId);
            if (!_parents[e.ToComponentId].Contains(e.FromComponentId)) _parents[e.ToComponentId].Add(e.FromComponentId);
        }
    }

    public static PipelineGraph Of(SystemView system) => new(system.Components.Select(c => c.Id), system.Edges);

    public IEnumerable<int> Components => _children.Keys;

    public bool Contains(int component) => _children.ContainsKey(component);

    /// <summary>Every component with a path to <paramref name="component"/> (not itself).</summary>
    public IReadOnlySet<int> Ancestors(int component)
    {
        if (_ancestors.TryGetValue(component, out var known)) return known;
        var seen = new HashSet<int>();
        var stack = new Stack<int>(_parents.GetValueOrDefault(component) ?? []);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (next == component || !seen.Add(next)) continue;
            foreach (var p in _parents[next]) stack.Push(p);
        }

        _ancestors[component] = seen;
        return seen;
    }

    /// <summary>Whether data flows from <paramref name="upstream"/> to <paramref name="downstream"/> along some path.</summary>
    public bool IsUpstreamOf(int upstream, int downstream) => upstream != downstream && Ancestors(downstream).Contains(upstream);

    /// <summary>The same component, or one feeds the other along some path (a cascade can travel either way we look at it).</summary>
    public bool Connected(int a, int b) => a == b || IsUpstreamOf(a, b) || IsUpstreamOf(b, a);

    /// <summary>The components on any path from <paramref name="from"/> to one of <paramref name="targets"/>,
    /// both ends included: the part of the pipeline an incident's cascade went through.</summary>
    public IReadOnlySet<int> PathsBetween(int from, IEnumerable<int> targets)
    {
        var result = new HashSet<int> { from };
        foreach (var target in targets)
        {
            if (target == from || !IsUpstreamOf(from, target)) continue;
            // On a path from → target exactly when downstream of from (or from) and upstream of target (or target).
            result.Add(target);
            result.UnionWith(Ancestors(target).Where(c => c == from || IsUpstreamOf(from, c)));
        }

        return result;
    }

    /// <summary>Edges whose both ends are in <paramref name="components"/>.</summary>
    public IEnumerable<ComponentEdge> EdgesWithin(IReadOnlySet<int> components) =>
        _children.Where(kv => components.Contains(kv.Key))
            .SelectMany(kv => kv.Value.Where(components.Contains).Select(to => new ComponentEdge(kv.Key, to)));

    /// <summary>A cycle as its nodes in order, the first repeated at the end; null for a DAG.</summary>
    public static IReadOnlyList<T>? FindCycle<T>(IEnumerable<T> nodes, IEnumerable<(T From, T To)> edges, IEqualityComparer<T> comparer)
        where T : notnull
    {
        var children = nodes.Distinct(comparer).ToDictionary(n => n, _ => new List<T>(), comparer);
        foreach (var (from, to) in edges)
        {
            if (children.TryGetValue(from, out var list) && children.ContainsKey(to)) list.Add(to);
        }

        // Iterative depth-first search with three colours: meeting a node still on the stack closes a cycle.
        var state = new Dictionary<T, int>(comparer); // 1 on the stack, 2 done
        foreach (var root in children.Keys)
        {
            if (state.ContainsKey(root)) continue;
            var path = new List<T> { root };
            var iterators = new Stack<IEnumerator<T>>();
            iterators.Push(children[root].GetEnumerator());
            state[root] = 1;
            while (iterators.Count > 0)
            {
                var it = iterators.Peek();
                if (it.MoveNext())
                {
                    var next = it.Current;
                    if (state.GetValueOrDefault(next) == 1)
                    {
                        var start = path.FindIndex(p => comparer.Equals(p, next));
                        return [.. path.Skip(start), next];
                    }

                    if (state.ContainsKey(next)) continue;
                    state[next] = 1;
                    path.Add(next);
                    iterators.Push(children[next].GetEnumerator());
                }
                else
                {
                    iterators.Pop();
                    state[path[^1]] = 2;
                    path.RemoveAt(path.Count - 1);
                }
            }
        }

        return null;
    }
}
