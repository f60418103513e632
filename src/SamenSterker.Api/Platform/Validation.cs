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
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
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
                    return Problems.Invalid(result.Errors
                        .GroupBy(e => string.IsNullOrEmpty(e.PropertyName) ? "body" : e.PropertyName)
                        .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
            }
            return await next(context);
        }).ProducesValidationProblem();
    }

    // Limits on free text: generous for what people say, small enough to keep the case readable.
    public const int IdLength = 100;
    public const int ShortText = 200;
    public const int LongText = 2000;

    public static IRuleBuilderOptions<T, string?> UserId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(IdLength)
            .Matches("^[A-Za-z0-9._@:-]+$").WithMessage(_ => Say.In("'{PropertyName}' may hold only letters, digits and . _ @ : -",
                "'{PropertyName}' mag alleen letters, cijfers en . _ @ : - bevatten."));

    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilder<T, string?> rule, int max = LongText) =>
        rule.MaximumLength(max);

    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int max = LongText) =>
        rule.NotEmpty().MaximumLength(max);

    public static IRuleBuilderOptions<T, DateOnly?> RequiredDate<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.NotNull().WithMessage(_ => Say.In("'{PropertyName}' is required (YYYY-MM-DD).", "'{PropertyName}' is verplicht (JJJJ-MM-DD)."));
}

/// <summary>
/// A message in the caller's language (Accept-Language: nl gives Dutch, anything else English), for the messages of
/// our own rules that the web app shows at its fields; FluentValidation's own messages follow the same culture.
/// </summary>
public static class Say
{
    public static string In(string english, string dutch) =>
        System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl" ? dutch : english;
}
