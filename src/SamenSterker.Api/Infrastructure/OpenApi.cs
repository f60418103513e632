using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SamenSterker.Infrastructure;

public static class OpenApiSetup
{
    /// <summary>The OpenAPI document, with the bearer token scheme so the reference page can send one.</summary>
    public static IServiceCollection AddSamenSterkerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Samen Sterker API";
            document.Info.Description = "Cases, check-ins, agreements and the steunkring, as an event-sourced service. See docs/api.md.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with claims sub, role (professional, teamlead, auditor, analyst, admin) and team.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
            DescribeProblemExtensions(document);
            return Task.CompletedTask;
        }));

    /// <summary>
    /// Every problem body carries <c>traceId</c> and <c>correlationId</c> (see Program's AddProblemDetails); the generated
    /// problem schemas forbid properties they do not list, so they are listed.
    /// </summary>
    private static void DescribeProblemExtensions(OpenApiDocument document)
    {
        foreach (var name in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            if (document.Components?.Schemas?.TryGetValue(name, out var schema) != true || schema is not OpenApiSchema problem) continue;
            problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
            problem.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's W3C trace id." };
            problem.Properties["correlationId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The request's correlation id (X-Correlation-Id): in the logs and with the events it appended.",
            };
        }
    }
}
