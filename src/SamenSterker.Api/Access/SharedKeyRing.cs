using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Npgsql;
using SamenSterker.Platform;
using Weasel.Postgresql.Tables;

namespace SamenSterker.Access;

/// <summary>
/// ASP.NET's data-protection key ring (it encrypts the web app's sign-in cookie and its antiforgery tokens) kept in
/// PostgreSQL, so every instance of the service reads the same keys: a professional signed in through one instance
/// stays signed in when the load balancer sends the next request to another, and a form rendered by one can be
/// sent to another. Without it each instance makes its own keys in memory, and every other request would look
/// signed out or forged. Each key is stored encrypted (AES-256-GCM) under <c>DataProtection:KeyRingSecret</c>, a secret
/// that lives in the environment and not in the database: a copy of the database alone (a backup, an analyst's
/// mistake, the runtime role's reach) makes no cookie. Outside Development the service refuses to start without it
/// (docs/operations.md).
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

    public const string SecretSetting = "DataProtection:KeyRingSecret";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, IConfiguration config, IHostEnvironment environment)
    {
        var secret = config[SecretSetting];
        if (string.IsNullOrWhiteSpace(secret) && !environment.IsDevelopment())
            throw new InvalidOperationException($"Set {SecretSetting} (environment variable {SecretSetting.Replace(":", "__")}, at least 32 characters): "
                + $"the key ring that signs the web app's cookies is stored encrypted under it. The {environment.EnvironmentName} environment refuses to "
                + "keep it readable by anyone who can read the database; see docs/operations.md.");
        if (secret is { Length: > 0 and < 32 })
            throw new InvalidOperationException($"{SecretSetting} must be at least 32 characters (`openssl rand -base64 48` makes one).");

        services.AddDataProtection().SetApplicationName("SamenSterker");
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((o, db) =>
        {
            o.XmlRepository = new Repository(db);
            if (secret is { Length: > 0 }) o.XmlEncryptor = new Encryptor(KeyOf(secret));
        });
        return services;
    }

    /// <summary>The 256-bit key that wraps the key ring, derived from the configured secret (HKDF-SHA256).</summary>
    private static byte[] KeyOf(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Encoding.UTF8.GetBytes("SamenSterker data-protection key ring"));

    /// <summary>Wraps each new key of the ring: AES-256-GCM with a fresh nonce (.NET's own AesGcm), stored as nonce‖tag‖ciphertext.</summary>
    private sealed class Encryptor(byte[] key) : IXmlEncryptor
    {
        public EncryptedXmlInfo Encrypt(XElement plaintextElement)
        {
            var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
            var sealedBytes = new byte[12 + 16 + plain.Length];
            var nonce = sealedBytes.AsSpan(0, 12);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(key, 16);
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16));
            var element = new XElement("encryptedKey",
                new XComment(" AES-256-GCM under DataProtection:KeyRingSecret "),
                new XElement("value", Convert.ToBase64String(sealedBytes)));
            return new EncryptedXmlInfo(element, typeof(Decryptor));
        }
    }

    /// <summary>Made by ASP.NET from the type named in the stored key (with the service provider), so it reads the secret from configuration.</summary>
    public sealed class Decryptor(IServiceProvider services) : IXmlDecryptor
    {
        public XElement Decrypt(XElement encryptedElement)
        {
            var secret = services.GetRequiredService<IConfiguration>()[SecretSetting];
            if (string.IsNullOrWhiteSpace(secret))
                throw new CryptographicException($"The key ring is encrypted; set {SecretSetting} to the secret it was encrypted with.");
            var sealedBytes = Convert.FromBase64String((string)encryptedElement.Element("value")!);
            var plain = new byte[sealedBytes.Length - 28];
            using var aes = new AesGcm(KeyOf(secret), 16);
            aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), plain);
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
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
