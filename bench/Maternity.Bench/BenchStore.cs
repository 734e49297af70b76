using Maternity.Ingest;
using Maternity.Reference;
using Maternity.Storage;
using Maternity.Synthetic;

namespace Maternity.Bench;

/// <summary>Loads generated files into a store the way a user would: migrate, organisations, IMD, then every file.</summary>
internal static class BenchStore
{
    public static IReadOnlyList<IngestReport> Load(Database database, string input)
    {
        Prepare(database, input);
        return Ingester.IngestAll(database, MsdsSchema.Tables.Select(t => Path.Combine(input, t.Name + ".csv")));
    }

    /// <summary>What a load needs first: the store's tables, the organisations and the IMD lookup.</summary>
    public static void Prepare(Database database, string input)
    {
        Migrator.Migrate(database);
        OrgHierarchy.Demo.Store(database);
        ImdImporter.Import(database, Path.Combine(input, LmnsGenerator.ImdFileName));
    }
}
