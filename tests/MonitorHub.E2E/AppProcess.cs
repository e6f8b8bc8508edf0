using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MonitorHub.E2E;

/// <summary>MonitorHub as a real OS process (the built MonitorHub.Web.dll), so it can be killed with SIGKILL.</summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static AppProcess Start(string dataDirectory)
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
                     "--MonitorHub:Jobs:Storage=InMemory", "--Logging:LogLevel:Default=Warning",
                     $"--MonitorHub:Bootstrap:AdminToken={AppServer.AdminToken}", $"--MonitorHub:Bootstrap:AdminPassword={AppServer.AdminPassword}",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, address);
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
