using System.Text.Json;
using FluentValidation;

namespace SamenSterker.Platform;

/// <summary>
/// Shape checks of a request body (required fields, ranges, lengths) with FluentValidation, run
/// before the endpoint. Failures become a 400 problem details naming every offending field by its
/// JSON path (<c>scores[3].value</c>).
/// </summary>
public static class Validation
{
    // Property names are fixed when a validator is built, so this must run before any validator
    // exists: a module initializer runs when this assembly loads.
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void UseJsonPropertyNames()
    {
        // A rule stops at its first failure: "must not be null" then not "count must be ≤ 20" on null.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        // Asked at each validation (not when the validator is built), so a Dutch caller reads the field's Dutch name.
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : Say.DisplayName(JsonNamingPolicy.CamelCase.ConvertName(member.Name));
        ValidatorOptions.Global.LanguageManager = new DutchWithJe();
    }

    /// <summary>Runs <paramref name="validator"/> on the endpoint's <typeparamref name="T"/> argument.</summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder endpoint, IValidator<T> validator)
    {
        RequestRules.Register(validator); // so the OpenAPI document marks what this validator requires
        return endpoint.AddEndpointFilter(async (context, next) =>
        {
            foreach (var argument in context.Arguments)
            {
                if (argument is not T body) continue;
                var result = await validator.ValidateAsync(body, context.HttpContext.RequestAborted);
                if (!result.IsValid)
                    // A sender who saw another version hears that first (RFC 9110 §13.2.2), whatever else its request holds.
                    return await (context.HttpContext.RequestServices.GetService<IPreconditionFirst>()?.Stale(context.HttpContext) ?? Task.FromResult<IResult?>(null))
                        ?? Problems.Invalid(result.Errors
                        .GroupBy(e => string.IsNullOrEmpty(e.PropertyName) ? "body" : e.PropertyName)
                        .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
            }
            return await next(context);
        }).ProducesValidationProblem();
    }

    /// <summary>Answers 412 for a request whose If-Match names a version its resource is no longer at (null otherwise):
    /// asked only when the body is invalid, so a refused request does not cost a read.</summary>
    public interface IPreconditionFirst
    {
        Task<IResult?> Stale(HttpContext http);
    }

    // Limits on free text: generous for what people say, small enough to keep the case readable.
    public const int IdLength = 100;
    public const int ShortText = 200;
    public const int LongText = 2000;

    public static IRuleBuilderOptions<T, string?> UserId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(IdLength)
            .Matches("^[A-Za-z0-9._@:-]+$").WithMessage(_ => Say.In("'{PropertyName}' may hold only letters, digits and . _ @ : -",
                "{PropertyName} mag alleen letters, cijfers en . _ @ : - bevatten."));

    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilder<T, string?> rule, int max = LongText) =>
        rule.MaximumLength(max);

    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int max = LongText) =>
        rule.NotEmpty().MaximumLength(max);

    public static IRuleBuilderOptions<T, DateOnly?> RequiredDate<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.NotNull().WithMessage(_ => Say.In("'{PropertyName}' is required (YYYY-MM-DD).", "Kies een datum bij ‘{PropertyName}’."));
}

/// <summary>
/// A message in the caller's language (Accept-Language: nl gives Dutch, anything else English), for the messages of
/// our own rules that the web app shows at its fields; FluentValidation's own messages follow the same culture.
/// </summary>
public static class Say
{
    private static readonly System.Resources.ResourceManager FieldNames =
        new("SamenSterker.Platform.FieldNames", typeof(Say).Assembly);
    private static readonly System.Globalization.CultureInfo Dutch = System.Globalization.CultureInfo.GetCultureInfo("nl-NL");

    public static bool InDutch => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl";

    public static string In(string english, string dutch) => InDutch ? dutch : english;

    /// <summary>A field as a Dutch message names it: its label on the page ("Lid sinds" for <c>joinedOn</c>, the last part of a
    /// path like <c>scores[3].value</c>); an English message keeps the JSON name in quotes.</summary>
    public static string Field(string field)
    {
        if (!InDutch) return $"'{field}'";
        var last = field[(field.LastIndexOf('.') + 1)..];
        if (last.IndexOf('[') is > 0 and var bracket) last = last[..bracket];
        return FieldNames.GetString(last, System.Globalization.CultureInfo.InvariantCulture) ?? $"'{field}'";
    }

    /// <summary>FluentValidation's {PropertyName}: the Dutch label for a Dutch caller, the JSON name otherwise.</summary>
    internal static string DisplayName(string jsonName) =>
        InDutch ? FieldNames.GetString(jsonName, System.Globalization.CultureInfo.InvariantCulture) ?? jsonName : jsonName;

    /// <summary>A date in a message: "5 januari 2026" in Dutch, 2026-01-05 in English.</summary>
    public static string Date(DateOnly date) =>
        InDutch ? date.ToString("d MMMM yyyy", Dutch) : date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// FluentValidation's Dutch messages as a professional writes them: "je", not "U"; the field by its label without quotes
/// ("Naam mag niet leeg zijn."). Only the rules this API uses; English stays FluentValidation's own.
/// </summary>
internal sealed class DutchWithJe : FluentValidation.Resources.LanguageManager
{
    public DutchWithJe()
    {
        foreach (var (validator, message) in new[]
        {
            ("NotEmptyValidator", "{PropertyName} mag niet leeg zijn."),
            ("NotNullValidator", "{PropertyName} ontbreekt."),
            ("NullValidator", "{PropertyName} hoort hier leeg te zijn."),
            ("EmptyValidator", "{PropertyName} hoort hier leeg te zijn."),
            ("MaximumLengthValidator", "{PropertyName} mag hoogstens {MaxLength} tekens hebben; je hebt er {TotalLength}."),
            ("MinimumLengthValidator", "{PropertyName} moet minstens {MinLength} tekens hebben; je hebt er {TotalLength}."),
            ("LengthValidator", "{PropertyName} moet {MinLength} tot {MaxLength} tekens hebben; je hebt er {TotalLength}."),
            ("ExactLengthValidator", "{PropertyName} moet precies {MaxLength} tekens hebben; je hebt er {TotalLength}."),
            ("GreaterThanValidator", "{PropertyName} moet meer zijn dan {ComparisonValue}."),
            ("GreaterThanOrEqualValidator", "{PropertyName} moet {ComparisonValue} of meer zijn."),
            ("LessThanValidator", "{PropertyName} moet minder zijn dan {ComparisonValue}."),
            ("LessThanOrEqualValidator", "{PropertyName} mag hoogstens {ComparisonValue} zijn."),
            ("InclusiveBetweenValidator", "{PropertyName} ligt tussen {From} en {To}; je vulde {PropertyValue} in."),
            ("ExclusiveBetweenValidator", "{PropertyName} ligt tussen {From} en {To}; je vulde {PropertyValue} in."),
            ("RegularExpressionValidator", "{PropertyName} heeft niet de goede vorm."),
            ("EnumValidator", "Kies een van de mogelijkheden bij {PropertyName}."),
            ("PredicateValidator", "{PropertyName} klopt niet."),
            ("AsyncPredicateValidator", "{PropertyName} klopt niet."),
            ("EqualValidator", "{PropertyName} moet {ComparisonValue} zijn."),
            ("NotEqualValidator", "{PropertyName} mag niet {ComparisonValue} zijn."),
            ("ScalePrecisionValidator", "{PropertyName} heeft te veel cijfers: hoogstens {ExpectedPrecision}, waarvan {ExpectedScale} achter de komma."),
        })
            AddTranslation("nl", validator, message);
    }
}
