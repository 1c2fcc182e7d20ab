package io.usher.platform;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The error answers of the API, as the document tells them to client authors. An operation's own
 * annotations say which problems its logic answers (404, 409, 429…); this filter adds those that
 * the framework around every operation answers, and so no annotation would say truthfully: 401
 * without a valid token, 400 for a parameter or body that cannot be read, 415 for a body of another
 * type, 503 with {@code Retry-After} when the replica's database connections are all taken
 * ({@link ProblemMappers}). Every error of the API gets the one {@code Problem} schema, and every
 * 429 and 503 its {@code Retry-After}. The pages for people answer HTML and are left alone.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("Problem", problem()).addSchema("FieldError", fieldError());
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> describe(item, method, operation));
            }
        });
    }

    private static void describe(PathItem item, PathItem.HttpMethod method, Operation operation) {
        boolean secured =
                operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasParameters = (operation.getParameters() != null
                        && !operation.getParameters().isEmpty())
                || (item.getParameters() != null && !item.getParameters().isEmpty());
        if (hasBody || hasParameters) {
            add(operation, "400", "The request is not valid: every field in error is listed in `errors`");
        }
        if (secured) {
            APIResponse unauthenticated =
                    add(operation, "401", "No bearer token, or one that is not valid (expired, wrong issuer)");
            unauthenticated.addHeader(
                    "WWW-Authenticate",
                    OASFactory.createHeader()
                            .description("`Bearer`")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        }
        if (hasBody) {
            add(operation, "415", "The body is of a type this operation does not take");
        }
        add(operation, "503", "The replica is too busy to answer now; try again after `Retry-After` seconds");
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                if (response.getContent() == null
                        || response.getContent().getMediaTypes().isEmpty()) {
                    response.setContent(OASFactory.createContent()
                            .addMediaType(
                                    Problem.MEDIA_TYPE,
                                    OASFactory.createMediaType()
                                            .schema(OASFactory.createSchema().ref(PROBLEM_REF))));
                }
                if (code.equals("429") || code.equals("503")) {
                    response.addHeader("Retry-After", retryAfter());
                }
            }
        });
    }

    private static APIResponse add(Operation operation, String code, String description) {
        APIResponse existing = operation.getResponses().getAPIResponse(code);
        if (existing != null) {
            return existing;
        }
        APIResponse response = OASFactory.createAPIResponse().description(description);
        operation.getResponses().addAPIResponse(code, response);
        return response;
    }

    private static Header retryAfter() {
        return OASFactory.createHeader()
                .description("Seconds to wait before trying again")
                .schema(OASFactory.createSchema()
                        .addType(Schema.SchemaType.INTEGER)
                        .format("int32")
                        .minimum(java.math.BigDecimal.ZERO));
    }

    private static Schema problem() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail, the body of every error of the API. `type` and `code` are"
                        + " for programs and never change with the language; `title`, `detail` and the messages of"
                        + " `errors` are for people, in the language of `Accept-Language` (English or French).")
                .required(List.of("type", "title", "status", "code"))
                .addProperty(
                        "type",
                        string("A URI naming the kind of problem (`…/problems/not-found`)")
                                .format("uri"))
                .addProperty("title", string("The kind of problem, for people"))
                .addProperty(
                        "status",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .format("int32")
                                .description("The HTTP status"))
                .addProperty("detail", string("What went wrong with this request, for people"))
                .addProperty(
                        "code",
                        string("The problem's stable machine-readable name, finer than its type (e.g."
                                + " `quota-reached`, `status-not-allowed`, `unknown-value`)"))
                .addProperty(
                        "errors",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .description("Every invalid field of the request (400 only, and only when fields"
                                        + " are to blame); absent otherwise")
                                .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")));
    }

    private static Schema fieldError() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("One invalid input")
                .required(List.of("field", "message"))
                .addProperty(
                        "field",
                        string("A JSON path in the body (`quotas.EDITOR`, `teams[1]`) or a query parameter's name"))
                .addProperty("message", string("What is wrong with it, for people"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
