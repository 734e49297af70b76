using Maternity.Storage;
using Maternity.Web;

// Stand-alone host: `dotnet Maternity.Web.dll [--data DIR]`; `maternity serve` is the usual way in.
var data = args.SkipWhile(a => a != "--data").Skip(1).FirstOrDefault()
    ?? (Environment.GetEnvironmentVariable("MATERNITY_DATA") is { Length: > 0 } d ? d : "data");
var connection = args.SkipWhile(a => a != "--database").Skip(1).FirstOrDefault() ?? Environment.GetEnvironmentVariable("MATERNITY_DATABASE");
var database = Database.Open(connection, data);
Migrator.Migrate(database);
WebApp.Create(database, args).Run();

/// <summary>Entry point, visible to the web tests' factory.</summary>
public partial class Program;
