using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MonitorHub.E2E;

/// <summary>MonitorHub as a real OS process (the built MonitorHub.Web.dll), so it can be killed with SIGKILL.</summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far (its console log).</summary>
    public string Output => string.Join('\n', _output);

    /// <param name="logLevel">The default log level; the log is kept in <see cref="Output"/>.</param>
    /// <param name="settings">Extra configuration, as <c>--Key=Value</c> arguments.</param>
    public static AppProcess Start(string dataDirectory, string logLevel = "Warning", params string[] settings)
    {
        var root = AppServer.RepoRoot();
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(root, "src", "MonitorHub.Web", "bin", configuration, "net10.0", "MonitorHub.Web.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the solution first.", dll);

        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     dll, "--urls", address.ToString(), $"--MonitorHub:DataDirectory={dataDirectory}",
                     "--MonitorHub:Jobs:Storage=InMemory", $"--Logging:LogLevel:Default={logLevel}",
                     $"--MonitorHub:Bootstrap:AdminToken={AppServer.AdminToken}", $"--MonitorHub:Bootstrap:AdminPassword={AppServer.AdminPassword}",
                 }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var app = new AppProcess(process, address);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) app._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) app._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    public async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"MonitorHub exited with {_process.ExitCode}");
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/healthz"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("MonitorHub did not become healthy within 60 s");
    }

    /// <summary>SIGTERM, as a service manager or container runtime stops a process: a graceful stop.
    /// Returns the exit code; throws if the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"MonitorHub was still running {timeout.TotalSeconds:0} s after SIGTERM");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for a process that ends by itself (a command such as --migrate-sqlite-to); its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — the harshest crash a process can have.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
