using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;
using SamenSterker.Platform;
using Weasel.Postgresql.Tables;

namespace SamenSterker.Access;

/// <summary>
/// ASP.NET's data-protection key ring (it encrypts the web app's sign-in cookie and its antiforgery tokens) kept in
/// PostgreSQL, so every instance of the service reads the same keys: a professional signed in through one instance
/// stays signed in when the load balancer sends the next request to another, and a form rendered by one can be
/// sent to another. Without it each instance makes its own keys in memory, and every other request would look
/// signed out or forged. Anyone who can read this table can make cookies: it sits with the client data, under
/// the same protection (docs/scaling.md).
/// </summary>
public static class SharedKeyRing
{
    public static readonly Table Table = Define();

    private static Table Define()
    {
        var t = new Table($"{EventStore.Schema}.data_protection_keys");
        t.AddColumn("name", "text").AsPrimaryKey();
        t.AddColumn("xml", "text").NotNull();
        t.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        return t;
    }

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("SamenSterker");
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((o, db) => o.XmlRepository = new Repository(db));
        return services;
    }

    /// <summary>ASP.NET reads the keys at start and when they rotate (every 90 days): plain synchronous SQL is fine here.</summary>
    private sealed class Repository(NpgsqlDataSource db) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var command = db.CreateCommand($"select xml from {Table.Identifier.QualifiedName} order by created_at");
            using var reader = command.ExecuteReader();
            var keys = new List<XElement>();
            while (reader.Read()) keys.Add(XElement.Parse(reader.GetString(0)));
            return keys;
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var command = db.CreateCommand($"insert into {Table.Identifier.QualifiedName} (name, xml) values ($1, $2) on conflict (name) do nothing");
            command.Parameters.AddWithValue(friendlyName);
            command.Parameters.AddWithValue(element.ToString(SaveOptions.DisableFormatting));
            command.ExecuteNonQuery();
        }
    }
}
