using System.Text.Json;
using System.Text.Json.Serialization;

namespace SamenSterker.Client;

public partial class SamenSterkerClient
{
    // The API writes enums as camelCase strings ("family"); System.Text.Json does not read NSwag's EnumMember names.
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));

    /// <summary>The If-Match value for a case version taken from a write's answer: <c>IfMatch(answer.Version)</c>.</summary>
    public static string IfMatch(long version) => $"\"{version}\"";
}
