using System.Reflection;
using System.Text.Json;
using SamenSterker.Platform;
using SamenSterker.Privacy;
using Shouldly;

namespace SamenSterker.Tests.Privacy;

/// <summary>
/// Every text an event can carry is a deliberate decision: personal (masked on erasure, in PersonalData) or
/// not personal (listed here, with why). A new event or field with text fails this test until it is decided.
/// </summary>
public sealed class PersonalDataRulesTests
{
    /// <summary>Texts that are not about the client: ids, user ids of professionals, codes.</summary>
    private static readonly HashSet<string> NotPersonal =
    [
        "caseOpened.clientReference",       // the organisation's own case reference (docs/privacy.md: it stays)
        "caseOpened.teamId", "caseOpened.casusregie", // a team and a professional's user id
        "roleAssigned.userId", "roleAssigned.previousUserId", "procesbegeleiderAssigned.userId", "procesbegeleiderAssigned.previousUserId",
        "checkInHeld.respondentId", "checkInHeld.requestFingerprint", // "r1"; a SHA-256 of the request
        "checkInHeld.continuesRespondentId", // an earlier check-in's respondent key, as respondentId
        "scoreGiven.respondentId", "scoreCorrected.respondentId",
        "steunkringMemberAdded.userId", "steunkringMemberCorrected.userId", // a professional member's user id
        "personalDataErased.reason",        // the request's reference; the API asks for no personal data in it
    ];

    [Fact]
    public void every_text_of_every_event_is_either_masked_on_erasure_or_declared_not_personal()
    {
        var personal = PersonalData.Fields.ToDictionary(f => f.EventType, f => f.Fields.ToHashSet());
        var undecided = new List<string>();
        foreach (var type in SamenSterker.Timeline.CaseStreamEvents.All)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(type.Name);
            var masked = personal.GetValueOrDefault(JsonNamingPolicy.SnakeCaseLower.ConvertName(type.Name)) ?? [];
            foreach (var field in TextFields(type, depth: 0))
                if (!masked.Contains(field) && !NotPersonal.Contains($"{name}.{field}")) undecided.Add($"{name}.{field}");
        }
        undecided.ShouldBeEmpty("texts in events that are neither masked on erasure (Privacy/PersonalData.cs) nor declared not personal here");
    }

    [Fact]
    public void every_masking_rule_names_fields_the_event_has()
    {
        foreach (var (eventType, fields) in PersonalData.Fields)
        {
            var type = SamenSterker.Timeline.CaseStreamEvents.All.Single(t => JsonNamingPolicy.SnakeCaseLower.ConvertName(t.Name) == eventType);
            fields.ShouldBeSubsetOf(TextFields(type, depth: 0).ToList(), eventType);
        }
    }

    /// <summary>The JSON names of the string properties of a type, also inside nested records and lists.</summary>
    private static IEnumerable<string> TextFields(Type type, int depth)
    {
        if (depth > 3) yield break;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            // A list's element, or a dictionary's value (the answers of a reflection, by question number).
            var element = t.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(t) && t.GetGenericArguments().Length is 1 or 2
                ? t.GetGenericArguments()[^1] : t;
            var json = JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            if (element == typeof(string)) yield return json;
            else if (element.Namespace?.StartsWith("SamenSterker", StringComparison.Ordinal) == true && !element.IsEnum)
                foreach (var inner in TextFields(element, depth + 1)) yield return inner;
        }
    }
}
