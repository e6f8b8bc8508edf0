namespace MonitorHub.Web.Tests.Support;

/// <summary>A failed host start wraps its cause (in aggregates and inner exceptions); tests look for it here.</summary>
public static class ExceptionChain
{
    /// <summary>The exception, its inner exceptions and every aggregate's members, depth first.</summary>
    public static IEnumerable<Exception> Flatten(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
            }
        }
    }
}
