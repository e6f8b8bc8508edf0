using System.Linq.Expressions;
using MonitorHub.Core.Timeline;

namespace MonitorHub.Infrastructure.Timeline;

/// <summary>
/// The one keyset read every timeline source makes: rows from <c>from</c> up to the bound, newest
/// first, at most <c>take</c>. The bound is written as <c>time ≤ up AND (time &lt; up OR id &lt; below)</c>
/// so SQLite seeks the source's time index to <c>up</c> and walks back, instead of scanning.
/// </summary>
internal static class Keyset
{
    public static IQueryable<T> Page<T>(IQueryable<T> rows, Expression<Func<T, long>> time, Expression<Func<T, long>> id, long fromMs, SourceBound bound, int take)
    {
        var row = time.Parameters[0];
        var t = time.Body;
        var i = new Rebind(id.Parameters[0], row).Visit(id.Body);
        // Members of a captured object, not constants: EF sends them as parameters, so one cached plan serves every page.
        var values = Expression.Constant(new Bounds(fromMs, bound.UpToMs, bound.IdBelow));
        var up = Expression.Property(values, nameof(Bounds.Up));
        var filter = Expression.AndAlso(
            Expression.AndAlso(Expression.GreaterThanOrEqual(t, Expression.Property(values, nameof(Bounds.From))), Expression.LessThanOrEqual(t, up)),
            Expression.OrElse(Expression.LessThan(t, up), Expression.LessThan(i, Expression.Property(values, nameof(Bounds.Below)))));
        var idSelector = Expression.Lambda<Func<T, long>>(i, row);
        return rows.Where(Expression.Lambda<Func<T, bool>>(filter, row)).OrderByDescending(time).ThenByDescending(idSelector).Take(take);
    }

    private sealed record Bounds(long From, long Up, long Below);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
