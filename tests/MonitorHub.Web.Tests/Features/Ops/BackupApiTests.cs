using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Ops;

namespace MonitorHub.Web.Tests.Features.Ops;

public sealed class BackupApiTests
{
    [Fact]
    public async Task Backup_OnPostgreSql_Is409SayingBackupsAreTheServers_AndNothingIsWritten()
    {
        await using var factory = new MonitorHubFactory(provider: MonitorHub.Infrastructure.Persistence.DatabaseProvider.PostgreSQL);
        var admin = factory.CreateAdminClient();

        var response = await admin.PostAsync("/api/v1/admin/backups", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("pg_dump", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await (await admin.GetAsync("/api/v1/admin/backups", TestContext.Current.CancellationToken)).JsonAsync()).EnumerateArray());
        Assert.False(Directory.Exists(factory.Services.GetRequiredService<BackupService>().Directory));
    }

    [Fact]
    public async Task Backup_WhileIngesting_IsAConsistentDatabaseWithEverythingCommittedBeforeIt()
    {
        // The loop below posts as fast as it can for as long as the copy takes: the per-key rate limit
        // (a legitimate 429) is lifted so only the backup's effect on ingestion is measured.
        await using var factory = new MonitorHubFactory(new() { ["MonitorHub:Security:IngestRequestsPerSecond"] = "100000" }, MonitorHub.Infrastructure.Persistence.DatabaseProvider.Sqlite);
        var admin = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostSamplesAsync([.. Enumerable.Range(0, 1_000).Select(i => (object)new { metric = "backup.m", value = i })])).StatusCode);

        // Ingestion goes on during the backup: it must neither fail nor wait for the copy.
        using var stop = new CancellationTokenSource();
        var ingesting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) Assert.Equal(HttpStatusCode.Accepted, (await admin.PostSamplesAsync(new { metric = "backup.during", value = 1 })).StatusCode);
        });
        var created = await admin.PostAsync("/api/v1/admin/backups", null);
        await stop.CancelAsync();
        await ingesting;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var file = (await created.JsonAsync()).GetProperty("file").GetString()!;
        var path = Path.Combine(factory.Services.GetRequiredService<BackupService>().Directory, file);
        using (var copy = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False"))
        {
            copy.Open();
            using var check = copy.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar());
            check.CommandText = "SELECT COUNT(*) FROM samples s JOIN series r ON r.Id = s.SeriesId WHERE r.MetricKey = 'backup.m'";
            Assert.Equal(1_000L, check.ExecuteScalar());
        }

        Assert.True(File.Exists(Path.ChangeExtension(path, ".redaction.key")), "the redaction key was not copied beside the backup");
        var listed = await (await admin.GetAsync("/api/v1/admin/backups")).JsonAsync();
        Assert.Equal(file, listed[0].GetProperty("file").GetString());
        Assert.Contains("\"action\":\"backup\"", await admin.GetStringAsync("/api/v1/audit?entityType=database"), StringComparison.Ordinal);
    }
}
