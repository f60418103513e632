using System.Collections.Concurrent;
using System.Reflection;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SamenSterker.Platform;

/// <summary>
/// The served OpenAPI document, made to tell the truth about the API: every status an operation can answer (the
/// ones every request can meet are added here, from the endpoint's metadata, so no endpoint can forget them), the
/// headers (If-Match, ETag, Idempotency-Key, X-Correlation-Id, Retry-After), required fields as the validators
/// enforce them, and per-operation security. The test suite holds every response it receives to this document
/// (tests/…/Support/ContractCheck.cs).
/// </summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddSamenSterkerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Samen Sterker API";
                document.Info.Description = "Cases, check-ins, agreements and the steunkring, as an event-sourced service. "
                                            + "The contract (statuses, problem details, headers, idempotency): docs/api.md.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A JWT with claims sub, role (professional, teamlead, auditor, analyst, admin) and team.",
                };
                DescribeProblemExtensions(document);
                ApiContract.DescribeSharedHeaders(document);
                ApiContract.RequiredIsNotNull(document);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, ct) => ApiContract.Describe(operation, context, ct));
            o.AddSchemaTransformer((schema, context, _) =>
            {
                ApiContract.DescribeSchema(schema, context);
                return Task.CompletedTask;
            });
        });

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
            if (problem.Properties.TryGetValue("errors", out var errors) && errors is OpenApiSchema errorMap)
                errorMap.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }
}

/// <summary>An endpoint whose JSON body may be left out (it binds the body itself, so the document would not show it).</summary>
public sealed record OptionalJsonBody(Func<OpenApiSchema> Schema);

/// <summary>Marks an endpoint that writes a case through <see cref="CaseWriter"/>: its contract follows from that.</summary>
public sealed record CaseWriteContract(int SuccessStatus);

public static class ApiContract
{
    /// <summary>
    /// A write through <see cref="CaseWriter"/>: answers <typeparamref name="TAnswer"/> with the new version (and the
    /// ETag), takes If-Match and Idempotency-Key, and can answer 403, 404, 409, 412 and 422 (see Describe).
    /// </summary>
    public static RouteHandlerBuilder WritesCase<TAnswer>(this RouteHandlerBuilder endpoint, int status = StatusCodes.Status200OK)
    {
        endpoint.Produces<TAnswer>(status).WithMetadata(new CaseWriteContract(status));
        // A write that changes nothing (the case is already so) answers 200 with the current version.
        return status == StatusCodes.Status200OK ? endpoint : endpoint.Produces<TAnswer>(StatusCodes.Status200OK);
    }

    private static readonly Dictionary<int, string> ProblemMeaning = new()
    {
        [400] = "Invalid request: the problem's `errors` names every offending field (body, query, route or header).",
        [401] = "No valid bearer token.",
        [403] = "The token's role may not do this, or the user holds no role in this case (the problem says why).",
        [404] = "No such case (a case of another team gets the same answer, so ids cannot be probed), or no such part of it.",
        [409] = "Conflicts with the state of the case: closed, erased, already done, or someone else wrote at the same moment.",
        [412] = "If-Match named a version the case is no longer at: reload, then try again.",
        [413] = "The body is larger than the API accepts; the connection is closed.",
        [415] = "The body is not application/json.",
        [422] = "This Idempotency-Key was used before with another request body.",
        [503] = "The database cannot be reached just now: try again after Retry-After seconds, a write with the same Idempotency-Key (a connection lost during the commit leaves its outcome unknown until then).",
    };

    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        var writesCase = metadata.OfType<CaseWriteContract>().Any();
        var opensCase = context.Description.HttpMethod == "POST" && context.Description.RelativePath == "api/cases";
        operation.Responses ??= new OpenApiResponses();
        operation.Parameters ??= new List<IOpenApiParameter>();
        if (metadata.OfType<OptionalJsonBody>().FirstOrDefault() is { } optional)
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = false,
                Description = "Optional; without it, the defaults apply.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = optional.Schema() } },
            };
        var hasBody = operation.RequestBody is not null || context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Body");

        operation.Parameters.Add(new OpenApiParameterReference(CorrelationIdParameter, document));
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any()) operation.Security = [];
        else
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
            Problem(operation, document, 401);
            Problem(operation, document, 403);
        }
        if (writesCase)
        {
            operation.Parameters.Add(new OpenApiParameterReference(IfMatchParameter, document));
            foreach (var status in new[] { 404, 409, 412 }) Problem(operation, document, status);
        }
        if (writesCase || opensCase)
        {
            operation.Parameters.Add(new OpenApiParameterReference(IdempotencyKeyParameter, document));
            Problem(operation, document, 422);
        }
        // Any request can be refused for its URL (a control character in the path or query: CleanText), hence 400 everywhere.
        Problem(operation, document, 400, "HttpValidationProblemDetails");
        if (hasBody)
        {
            Problem(operation, document, 413);
            Problem(operation, document, 415);
        }
        Problem(operation, document, 503);

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse answer) continue;
            answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
            answer.Headers[Correlation.Header] = new OpenApiHeaderReference(CorrelationIdHeader, document);
            if (status == "503") answer.Headers["Retry-After"] = new OpenApiHeaderReference(RetryAfterHeader, document);
            if (status.StartsWith('2') && (writesCase || opensCase)) answer.Headers["ETag"] = new OpenApiHeaderReference(ETagHeader, document);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A required field is refused when null too (the validators say NotNull/NotEmpty): its type says so. Done on the
    /// whole document because nullable references are only wrapped (oneOf null) after the schema transformers.
    /// </summary>
    public static void RequiredIsNotNull(OpenApiDocument document)
    {
        foreach (var (id, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (component is not OpenApiSchema { Required: { } required } schema || !RequestRules.IsRequest(id)) continue;
            foreach (var name in required)
            {
            if (schema.Properties?.TryGetValue(name, out var property) != true) continue;
            if (property is OpenApiSchema { Type: { } type } inline && type.HasFlag(JsonSchemaType.Null) && type != JsonSchemaType.Null)
                inline.Type = type & ~JsonSchemaType.Null;
            else if (property is OpenApiSchema { OneOf: { Count: 2 } oneOf }
                     && oneOf.Any(s => s is OpenApiSchema { Type: JsonSchemaType.Null })
                     && oneOf.FirstOrDefault(s => s is OpenApiSchemaReference) is { } reference)
                schema.Properties[name] = reference;
            }
        }
    }

    private const string CorrelationIdParameter = "CorrelationId", IfMatchParameter = "IfMatch", IdempotencyKeyParameter = "IdempotencyKey";
    private const string CorrelationIdHeader = "CorrelationId", ETagHeader = "ETag", RetryAfterHeader = "RetryAfter";

    /// <summary>The headers every operation shares, once, in the document's components.</summary>
    public static void DescribeSharedHeaders(OpenApiDocument document)
    {
        var components = document.Components ??= new OpenApiComponents();
        components.Parameters ??= new Dictionary<string, IOpenApiParameter>();
        components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        components.Parameters[CorrelationIdParameter] = new OpenApiParameter
        {
            Name = Correlation.Header, In = ParameterLocation.Header, Required = false,
            Description = "Your id for this request (1–64 of A–Z a–z 0–9 . _ : -); echoed back, written in the logs and stored with the events it appends. Made up when absent or not of that form.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64 },
        };
        components.Parameters[IfMatchParameter] = new OpenApiParameter
        {
            Name = "If-Match", In = ParameterLocation.Header, Required = false,
            Description = "The case version this change is based on, as the last ETag gave it (\"3\"); a case at another version answers 412 and changes nothing. Without it the write applies to the case as it is then (two writes at the same moment: one gets 409).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = System.Text.Json.Nodes.JsonValue.Create("\"3\""),
        };
        components.Parameters[IdempotencyKeyParameter] = new OpenApiParameter
        {
            Name = "Idempotency-Key", In = ParameterLocation.Header, Required = false,
            Description = "A key of your own (1–255 visible ASCII characters; a UUID is fine). A retry with the same key and body gets the first answer again (status, body, ETag) and appends nothing; the same key with another body answers 422. Kept 7 days per user.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255 },
        };
        components.Headers[CorrelationIdHeader] = new OpenApiHeader
        {
            Required = true, Description = "This request's correlation id (yours, or the one made up).", Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        components.Headers[ETagHeader] = new OpenApiHeader
        {
            Required = true, Description = "The case's version after this request (\"4\"), for the next If-Match.", Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        components.Headers[RetryAfterHeader] = new OpenApiHeader
        {
            Required = true, Description = "Seconds to wait before trying again.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
        };
    }

    private static void Problem(OpenApiOperation operation, OpenApiDocument document, int status, string schema = "ProblemDetails")
    {
        var key = status.ToString();
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse known)
        {
            if (ProblemMeaning.TryGetValue(status, out var meaning)) known.Description = meaning;
            return;
        }
        operation.Responses[key] = new OpenApiResponse
        {
            Description = ProblemMeaning.GetValueOrDefault(status, "A problem."),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) },
            },
        };
    }

    /// <summary>
    /// Strings read through <see cref="CleanTextConverter"/> come out as "any" (a custom converter hides the type):
    /// they are strings. And a request's required fields are the ones its validator requires, unconditionally.
    /// </summary>
    public static void DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(string) && schema.Type is null && schema.OneOf is null && schema.AllOf is null)
            schema.Type = context.JsonPropertyInfo is { } property && (property.IsGetNullable || property.IsSetNullable)
                ? JsonSchemaType.String | JsonSchemaType.Null
                : JsonSchemaType.String;
        // A property left out when null (JsonIgnore WhenWritingNull) is not required, whatever its constructor says.
        if (schema.Required is { Count: > 0 } && context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
            foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.ShouldSerialize is not null))
                schema.Required.Remove(property.Name);
        if (RequestRules.Required(type) is { Count: > 0 } required)
        {
            schema.Required ??= new HashSet<string>();
            foreach (var name in required) schema.Required.Add(name);
        }
    }
}

/// <summary>What the request validators require, per request type (nested types included), for the document.</summary>
public static class RequestRules
{
    private static readonly ConcurrentDictionary<Type, IReadOnlySet<string>> RequiredByType = new();

    public static IReadOnlySet<string>? Required(Type type) => RequiredByType.GetValueOrDefault(type);

    /// <summary>Whether the document's schema <paramref name="schemaId"/> (a type's name) is a request's.</summary>
    public static bool IsRequest(string schemaId) => RequiredByType.Keys.Any(t => t.Name == schemaId);

    public static void Register(IValidator validator)
    {
        var type = validator.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))?.GetGenericArguments()[0];
        if (type is null || RequiredByType.ContainsKey(type)) return;
        var required = new HashSet<string>();
        RequiredByType[type] = required;
        foreach (var rule in validator.CreateDescriptor().Rules)
        {
            var perElement = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
            foreach (var component in rule.Components)
            {
                if (component.Validator is IChildValidatorAdaptor && Nested(component.Validator) is { } nested) Register(nested);
                if (perElement || rule.PropertyName is null || component.HasCondition || component.HasAsyncCondition) continue;
                if (component.Validator is INotNullValidator or INotEmptyValidator) required.Add(rule.PropertyName);
            }
        }
    }

    // ChildRules and SetValidator keep the nested validator in a private field of the adaptor (a validator made per
    // instance by a provider has none: then the nested type goes undescribed, never wrongly).
    private static IValidator? Nested(object adaptor) =>
        adaptor.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(f => typeof(IValidator).IsAssignableFrom(f.FieldType))
            .Select(f => f.GetValue(adaptor) as IValidator)
            .FirstOrDefault(v => v is not null);
}
