using System.Xml.Linq;
using Dapper;
using Maternity.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Maternity.Web.Security;

/// <summary>
/// Keeps the keys that sign session cookies and antiforgery tokens in the store, so every instance serving the same
/// store accepts the same sessions, and a restart signs no one out.
/// </summary>
internal sealed class StoreKeyRepository(Database database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        return [.. connection.Query<string>("SELECT xml FROM data_protection_key ORDER BY created_at").Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Open();
        using (database.Writing())
            connection.Execute(connection.Sql("""
                INSERT INTO data_protection_key (friendly_name, xml, created_at)
                SELECT $friendlyName, $xml, $now WHERE NOT EXISTS (SELECT 1 FROM data_protection_key WHERE friendly_name = $friendlyName)
                """), new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = Database.Now() });
    }
}
