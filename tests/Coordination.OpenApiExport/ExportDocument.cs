namespace Coordination.OpenApiExport;

/// <summary>Writes the OpenAPI document the API serves to the file named by the one argument.</summary>
internal static class ExportDocument
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync("usage: Coordination.OpenApiExport <output file>");
            return 2;
        }
        await using var api = new DocumentOnlyHost();
        var document = await api.CreateClient().GetStringAsync("/openapi/v1.json");
        var output = Path.GetFullPath(args[0]);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        // Only a changed document is written, so that the client generated from it is not rebuilt for nothing.
        if (!File.Exists(output) || await File.ReadAllTextAsync(output) != document)
        {
            await File.WriteAllTextAsync(output, document);
        }
        Console.WriteLine($"OpenAPI document written to {output}");
        return 0;
    }
}
