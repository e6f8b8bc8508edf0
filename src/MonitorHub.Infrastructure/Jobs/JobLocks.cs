using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Npgsql;

namespace MonitorHub.Infrastructure.Jobs;

/// <summary>
/// How <see cref="SkipWhenRunningAttribute"/> takes a job's "still running" lock on a given job store.
/// Hangfire.PostgreSql's distributed locks are rows: a node killed while holding one leaves it behind
/// until <c>DistributedLockTimeout</c>, and every other node skipped the job meanwhile (a test killing
/// node A saw node B evaluate no rule for a minute and more). On PostgreSQL the lock is a session
/// advisory lock instead, which the server frees the moment the holder's connection dies. Stores
/// without an entry here (SQLite, in-memory: one node) keep Hangfire's own lock.
/// </summary>
public static class JobLocks
{
    private static readonly ConditionalWeakTable<JobStorage, Func<string, IDisposable?>> Overrides = new();

    /// <summary>Locks on <paramref name="storage"/> are PostgreSQL advisory locks on <paramref name="connectionString"/>'s database.</summary>
    public static void UseAdvisoryLocks(JobStorage storage, string connectionString)
    {
        // A connection of its own per run, never pooled: a lock must not outlive its run on a pooled
        // connection if the unlock fails, and a pool could hand out a connection the server dropped.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        Overrides.AddOrUpdate(storage, resource => AdvisoryLock.TryAcquire(unpooled, resource));
    }

    /// <summary>The store's way to try a lock (null when taken), or null to use Hangfire's.</summary>
    internal static Func<string, IDisposable?>? For(JobStorage storage) => Overrides.TryGetValue(storage, out var tryAcquire) ? tryAcquire : null;

    /// <summary>A session-level advisory lock held on a connection of its own for as long as the job runs.</summary>
    private sealed class AdvisoryLock : IDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly long _key;

        private AdvisoryLock(NpgsqlConnection connection, long key)
        {
            _connection = connection;
            _key = key;
        }

        public static AdvisoryLock? TryAcquire(string connectionString, string resource)
        {
            var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(resource)), 0);
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                connection.Open();
                using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                if (command.ExecuteScalar() is true) return new AdvisoryLock(connection, key);
                connection.Dispose();
                return null;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            try
            {
                using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
                command.Parameters.AddWithValue("key", _key);
                command.ExecuteScalar();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // A broken connection holds nothing: the server freed the lock with the session.
            }
            finally
            {
                _connection.Dispose();
            }
        }
    }
}
