namespace MonitorHub.Web.Hosting;

/// <summary>
/// Once a minute hands the C heap's free pages back to the system (glibc's malloc_trim). SQLite
/// frees page caches and statements as pooled connections come and go, but glibc keeps what was
/// freed inside its arenas, so without this the resident size only ever grows to the worst moment.
/// </summary>
internal sealed class NativeMemoryTrimmer(TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!GlibcArenas.Trim()) return; // not glibc: nothing to do, ever
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) GlibcArenas.Trim();
        }
        catch (OperationCanceledException)
        {
        }
    }
}
