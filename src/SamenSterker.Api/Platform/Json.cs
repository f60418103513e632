using System.Text.Json;
using System.Text.Json.Serialization;

namespace SamenSterker.Platform;

public static class Json
{
    /// <summary>
    /// The API's JSON: camelCase, enums as camelCase strings (never numbers), and unknown fields
    /// refused, so a misspelt field is an error instead of silently lost data.
    /// </summary>
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // A number is a JSON number: "3" for 3 is a wrong type (and the document says integer, not integer-or-string).
        o.NumberHandling = JsonNumberHandling.Strict;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.Converters.Add(new CleanTextConverter());
    }
}

/// <summary>
/// Text as people type it, nothing else: a control character (NUL and the like; tab and new lines are fine)
/// or half of a surrogate pair is refused where it is read, with the field named. PostgreSQL cannot store NUL in
/// jsonb, and no person means one.
/// </summary>
public sealed class CleanTextConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is not null && CleanText.WhyNot(text) is { } why) throw new JsonException(why);
        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

public static class CleanText
{
    /// <summary>Why <paramref name="text"/> is not text a person typed, or null when it is.</summary>
    public static string? WhyNot(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return "holds half of a surrogate pair (not valid Unicode text).";
            if (c < ' ' && c is not ('\t' or '\n' or '\r') || c is '\u007f' or '\ufffe' or '\uffff') return $"holds a control character (U+{(int)c:X4}).";
        }
        return null;
    }

    /// <summary>
    /// Refuses a request whose path or query string holds a control character or broken Unicode (400, naming the
    /// parameter): PostgreSQL cannot store or compare NUL, and no person types one.
    /// </summary>
    public static IApplicationBuilder UseCleanTextInUrls(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        string? field = null, why = null;
        if (WhyNot(http.Request.Path.Value ?? "") is { } inPath) (field, why) = ("path", inPath);
        else
            foreach (var (name, values) in http.Request.Query)
                foreach (var value in values)
                    if (value is not null && (WhyNot(value) ?? WhyNot(name)) is { } inQuery) { (field, why) = (name, inQuery); break; }
        if (why is null) { await next(http); return; }
        await Problems.Invalid(field!, $"'{field}' {why}").ExecuteAsync(http); // a URL no page makes: English only
    });
}

/// <summary>An enum value as the API writes it ("notAchieved", "gezinsplan").</summary>
public static class Words
{
    public static string Of<T>(T value) where T : struct, Enum =>
        Known<T>.Words.TryGetValue(value, out var word) ? word : Convert(value);

    private static string Convert<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>Each enum's words made once: projections ask for them millions of times in a rebuild.</summary>
    private static class Known<T> where T : struct, Enum
    {
        public static readonly System.Collections.Frozen.FrozenDictionary<T, string> Words =
            System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(Enum.GetValues<T>().Distinct(), v => v, Convert);
    }
}
