namespace MonitorHub.Web.Hosting;

/// <summary>
/// Finds the folder holding the top-level appsettings.json and wwwroot-assets/, whether the app
/// runs via <c>dotnet run --project src/MonitorHub.Web</c> from the repository, from its build
/// output, or under a test host whose content root is the project folder.
/// </summary>
public static class RepositoryRoot
{
    public static string Find(params string[] startPoints)
    {
        foreach (var start in startPoints)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(dir.FullName, "wwwroot-assets")))
                {
                    return dir.FullName;
                }
            }
        }

        return startPoints.Length > 0 ? Path.GetFullPath(startPoints[0]) : Directory.GetCurrentDirectory();
    }

    /// <summary><c>--demo</c> is a flag; the configuration system wants key=value.</summary>
    public static string[] NormaliseArgs(string[] args) =>
        [.. args.Select(a => a is "--demo" or "/demo" ? "--MonitorHub:Demo=true" : a)];
}
