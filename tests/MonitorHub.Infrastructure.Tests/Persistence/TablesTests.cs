using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Tests.Persistence;

/// <summary>
/// Hand-written SQL takes its table and column names from <see cref="Tables"/>; these tests hold the
/// constants to the EF model, so a mapping change that the SQL does not follow (a HasColumnName, a
/// table mapped without Tables) fails here rather than at run time.
/// </summary>
public sealed class TablesTests
{
    private static readonly IModel Model = CreateModel();

    public static TheoryData<string> TableClasses() => [.. typeof(Tables).GetNestedTypes().Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(TableClasses))]
    public void EveryConstant_NamesATableOrOneOfItsColumns(string tableClass)
    {
        var constants = typeof(Tables).GetNestedType(tableClass)!.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        var table = constants["Table"];
        var entity = Assert.Single(Model.GetEntityTypes(), e => e.GetTableName() == table);
        var store = StoreObjectIdentifier.Table(table);
        var columns = entity.GetProperties().Select(p => p.GetColumnName(store)).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, quoted) in constants.Where(c => c.Key != "Table"))
        {
            // Quoted, as EF creates them: unquoted, PostgreSQL would look for the lower-case name.
            Assert.True(quoted.Length > 2 && quoted[0] == '"' && quoted[^1] == '"', $"{tableClass}.{name} = '{quoted}' is not double-quoted");
            var column = quoted[1..^1];
            Assert.True(columns.Contains(column), $"{tableClass}.{name} = '{column}' is not a column of {table}");
        }
    }

    [Fact]
    public void EveryTableOfOurs_IsNamedInTables()
    {
        var named = typeof(Tables).GetNestedTypes().Select(t => (string)t.GetField("Table")!.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);
        // Identity's AspNet* tables are mapped by IdentityDbContext, not by us.
        var ours = Model.GetEntityTypes().Select(e => e.GetTableName()!).Where(t => !t.StartsWith("AspNet", StringComparison.Ordinal));
        Assert.All(ours, t => Assert.Contains(t, named));
    }

    private static IModel CreateModel()
    {
        using var db = new MonitorHubDbContext(new DbContextOptionsBuilder<MonitorHubDbContext>().UseSqlite("Data Source=:memory:").Options);
        return db.Model;
    }
}
