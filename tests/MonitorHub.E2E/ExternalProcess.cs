using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MonitorHub.E2E;

/// <summary>A real server binary (Prometheus, node-exporter) started by a test on loopback and killed,
/// with its whole process tree, when disposed: nothing outlives the test.</summary>
public sealed class ExternalProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ExternalProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output) return string.Join('\n', _output.TakeLast(40));
        }
    }

    public bool HasExited => _process.HasExited;

    public static ExternalProcess Start(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        var started = new ExternalProcess(process);
        process.OutputDataReceived += (_, e) => started.Add(e.Data);
        process.ErrorDataReceived += (_, e) => started.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="check"/> until it holds; real servers take their own time to
    /// start and scrape, so this waits on their progress instead of a fixed sleep.</summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T?>> check, TimeSpan timeout, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (HasExited) throw new InvalidOperationException($"The server exited while waiting for {what}:\n{Output}");
            if (await check() is { } result) return result;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No {what} within {timeout.TotalSeconds} s. Server output:\n{Output}");
            await Task.Delay(250);
        }
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
    }
}
