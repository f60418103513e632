namespace SamenSterker.Platform;

/// <summary>
/// A deterministic id from a name (SHA-256, marked as a version-8 UUID): the same name always
/// gives the same id, on any node, so a repeated action finds what the first one made.
/// </summary>
public static class NameBasedId
{
    public static Guid From(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
