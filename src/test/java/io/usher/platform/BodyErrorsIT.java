package io.usher.platform;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.usher.testing.Accounts;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A JSON body is checked whole: the fields Jackson cannot read (an unknown enum value, a malformed
 * id, an unknown field), Bean Validation's constraints and the body's own checks are answered
 * together in one 400, each error by its JSON path and in the reader's language.
 */
@QuarkusTest
class BodyErrorsIT extends PlatformAdminTest {

    private static final String BROKEN_ACCOUNT = """
            {"name": " ", "defaultLanguage": "de", "firstAdminEmail": "not an address",
             "quotas": {"SITE_ADMIN": -1, "EDITOR": "many"}, "colour": "red"}""";

    @Test
    void anAccountWithFiveErrorsGetsAllFiveInEnglish() {
        invalid(asAdmin()
                        .header("Accept-Language", "en")
                        .body(BROKEN_ACCOUNT)
                        .post("/api/v1/accounts")
                        .then())
                .body(
                        "errors.field",
                        contains(
                                "colour",
                                "defaultLanguage",
                                "firstAdminEmail",
                                "name",
                                "quotas.EDITOR",
                                "quotas.SITE_ADMIN"))
                .body(
                        "errors.message",
                        contains(
                                "is not a known field",
                                "must be one of en, fr",
                                "must be a valid email address",
                                "is required",
                                "has the wrong type (expected a number)",
                                "must be 0 or more"));
    }

    @Test
    void anAccountWithFiveErrorsGetsAllFiveInFrench() {
        invalid(asAdmin()
                        .header("Accept-Language", "fr")
                        .body(BROKEN_ACCOUNT)
                        .post("/api/v1/accounts")
                        .then())
                .body("title", equalTo("La requête n'est pas valide"))
                .body(
                        "errors.message",
                        contains(
                                "n'est pas un champ connu",
                                "doit être l'une des valeurs en, fr",
                                "doit être une adresse e-mail valide",
                                "est obligatoire",
                                "n'a pas le bon type (attendu : un nombre)",
                                "doit valoir 0 ou plus"));
    }

    @Test
    void aMemberPatchWithAnUnknownRoleStatusAndTeamIdGetsEveryError() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Errors"), 2, 5));
        UUID member = Seeds.member(
                pool, account, Seeds.email("m"), "Ada", "Lovelace", "EDITOR", "ACTIVE", java.time.OffsetDateTime.now());
        String body = """
                {"role": "BOSS", "status": "NOPE", "teams": ["not-a-uuid", 7]}""";
        invalid(asAdmin()
                        .header("Accept-Language", "en")
                        .body(body)
                        .patch("/api/v1/accounts/{a}/users/{u}", account, member)
                        .then())
                .body("errors.field", contains("role", "status", "teams[0]", "teams[1]"))
                .body(
                        "errors.message",
                        contains(
                                "must be one of SITE_ADMIN, EDITOR",
                                "must be one of PENDING, ACTIVE, SUSPENDED, ARCHIVED, REMOVED",
                                "must be an id such as 0b6e1a4c-3f1d-4c3e-9a57-1f2e3d4c5b6a",
                                "must be an id such as 0b6e1a4c-3f1d-4c3e-9a57-1f2e3d4c5b6a"));
        invalid(asAdmin()
                        .header("Accept-Language", "fr")
                        .body(body)
                        .patch("/api/v1/accounts/{a}/users/{u}", account, member)
                        .then())
                .body("errors.field", contains("role", "status", "teams[0]", "teams[1]"))
                .body("errors[0].message", equalTo("doit être l'une des valeurs SITE_ADMIN, EDITOR"));
    }

    @Test
    void quotasTeamsAndSsoDomainsReportEveryErrorOfTheirBodies() {
        String account = Accounts.create(Seeds.name("Errors"), 2, 5);
        invalid(asAdmin()
                        .body("{\"SITE_ADMIN\": \"two\", \"EDITOR\": -3, \"VIEWER\": 1}")
                        .put("/api/v1/accounts/{a}/quotas", account)
                        .then())
                .body("errors.field", contains("EDITOR", "SITE_ADMIN", "VIEWER"));
        invalid(asAdmin()
                        .body("{\"name\": \"\", \"colour\": \"red\", \"size\": 3}")
                        .post("/api/v1/accounts/{a}/teams", account)
                        .then())
                .body("errors.field", contains("colour", "name", "size"));
        invalid(asAdmin()
                        .body("{\"identityProvider\": \"not an alias!\", \"a\": 1, \"b\": 2}")
                        .put("/api/v1/admin/sso-domains/{d}", "errors-" + UUID.randomUUID() + ".example")
                        .then())
                .body("errors.field", contains("a", "b", "identityProvider"));
    }

    @Test
    void anAcceptanceWithAnUnreadableFieldSaysEveryProblemOfItsForm() {
        String body = """
                {"firstName": {"first": "Ada"}, "acceptTerms": "maybe", "language": "de"}""";
        invalid(io.restassured.RestAssured.given()
                        .contentType(ContentType.JSON)
                        .header("Accept-Language", "en")
                        .body(body)
                        .post("/api/v1/invitations/{t}/accept", "some-token")
                        .then())
                .body(
                        "errors.field",
                        containsInAnyOrder("acceptTerms", "firstName", "language", "lastName", "password"));
        invalid(io.restassured.RestAssured.given()
                        .contentType(ContentType.JSON)
                        .body("{\"password\": [\"a\"], \"confirm\": 1}")
                        .post("/api/v1/password-resets/{t}", "some-token")
                        .then())
                .body("errors.field", contains("confirm", "password"));
    }

    @Test
    void anInvitationListReportsEveryErrorOfItsBodyAsItStreamsIt() {
        String account = Accounts.create(Seeds.name("Errors"), 2, 5);
        invalid(asAdmin()
                        .header("Accept-Language", "fr")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .body("{\"emails\": [\"a@example.com\", 3], \"role\": \"BOSS\", \"teams\": [\"x\"],"
                                + " \"extra\": true}")
                        .post("/api/v1/accounts/{a}/invitations", account)
                        .then())
                .body("errors.field", containsInAnyOrder("emails[1]", "role", "teams[0]", "extra"))
                .body("errors.find { it.field == 'role' }.message", equalTo("doit valoir SITE_ADMIN ou EDITOR"));
    }

    private static ValidatableResponse invalid(ValidatableResponse response) {
        return response.statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"));
    }
}
