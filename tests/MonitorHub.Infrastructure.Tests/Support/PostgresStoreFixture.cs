namespace MonitorHub.Infrastructure.Tests.Support;

/// <summary>A test class's PostgreSQL database with the MonitorHub stores migrated onto it (one per
/// class, as an <c>IClassFixture</c>); <see cref="Store"/> skips the test when no server is configured.</summary>
public sealed class PostgresStoreFixture : IAsyncLifetime
{
    private PostgresDatabase? _database;
    private StoreFixture? _store;

    public StoreFixture Store => Required(_store);
    public PostgresDatabase Database => Required(_database);

    private static T Required<T>(T? value) where T : class
    {
        PostgresDatabase.Require();
        return value ?? throw new InvalidOperationException("The PostgreSQL fixture did not initialise.");
    }

    public async ValueTask InitializeAsync()
    {
        if (PostgresDatabase.Server is null) return;
        _database = await StoreTemplates.NewPostgresDatabaseAsync();
        _store = StoreFixture.OnPostgreSql(_database.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
