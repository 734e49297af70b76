using Maternity.Storage;
using Maternity.Web;

// Stand-alone host: `dotnet Maternity.Web.dll [--data DIR]`; `maternity serve` is the usual way in.
var data = args.SkipWhile(a => a != "--data").Skip(1).FirstOrDefault()
    ?? (Environment.GetEnvironmentVariable("MATERNITY_DATA") is { Length: > 0 } d ? d : "data");
var database = Database.DuckDbFile(Path.Combine(data, "maternity.duckdb"));
Migrator.Migrate(database);
WebApp.Create(database, args).Run();

/// <summary>Entry point, visible to the web tests' factory.</summary>
public partial class Program;
