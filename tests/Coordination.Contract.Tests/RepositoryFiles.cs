namespace Coordination.Contract.Tests;

/// <summary>Files of the repository the tests run from (found above the test's build output).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Coordination.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No Coordination.sln above {AppContext.BaseDirectory}.");
    }
}
