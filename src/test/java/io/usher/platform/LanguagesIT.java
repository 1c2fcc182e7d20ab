package io.usher.platform;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.usher.invite.Outcome;
import io.usher.invite.OutcomeMessages;
import io.usher.member.Role;
import io.usher.onboarding.PageMessages;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every text a person reads is said in English and in French, and chosen by the reader's language
 * when it is read: outcome messages, problem titles and details, field errors, the pages' texts.
 * Codes (an outcome, a problem's type and code) never change with the language.
 */
@QuarkusTest
class LanguagesIT extends PlatformAdminTest {

    /** Texts that are rightly the same word in both languages. */
    private static final Set<String> SAME_IN_BOTH =
            Set.of("console_title", "console_batches", "console_batch_messages");

    private static final List<String> CODES = List.of("SITE_ADMIN", "EDITOR", "PENDING", "SUSPENDED", "ARCHIVED", "[");

    @Test
    void everyTextOfTheApiIsSaidInEnglishAndTranslatedIntoFrench() throws Exception {
        walk(ApiMessages.class, ApiLanguage.messages("en"), ApiLanguage.messages("fr"));
    }

    @Test
    void everyTextOfThePagesAndTheirFormErrorsIsSaidInEnglishAndTranslatedIntoFrench() throws Exception {
        walk(
                PageMessages.class,
                MessageBundles.get(PageMessages.class, Localized.Literal.of("en")),
                MessageBundles.get(PageMessages.class, Localized.Literal.of("fr")));
    }

    @Test
    void everyFieldAFormOrRequestCanReportReadsAsALabelInBothLanguages() throws Exception {
        Set<String> fields = new TreeSet<>(FieldNames.reported());
        fields.addAll(FieldNames.ofRequests());
        assertTrue(
                fields.containsAll(Set.of("name", "role", "status", "teams", "quotas.SITE_ADMIN", "q", "size")),
                "the walk finds the fields: " + fields);
        ApiMessages english = ApiLanguage.messages("en");
        ApiMessages french = ApiLanguage.messages("fr");
        for (String field : fields) {
            assertTrue(FieldLabels.labelled(field), field + " has no label (FieldLabels), of " + fields);
            String en = FieldLabels.of(english, field);
            String fr = FieldLabels.of(french, field);
            assertFalse(en.isBlank() || fr.isBlank(), field + " has a blank label");
            assertNotEquals(en, fr, field + "'s label is not translated into French");
        }
        for (String field : FieldLabels.known()) {
            assertNotEquals(field, FieldLabels.of(french, field), field + " reads as its machine name");
        }
    }

    @Test
    void aPageNamesEachFieldByItsLabelInItsLanguageWhileTheApiKeepsTheName() {
        ProblemText problem = ProblemException.invalid(List.of(
                        new FieldText("role", ApiMessages::field_required),
                        new FieldText("teams[1]", ApiMessages::field_team_of_account),
                        new FieldText("nickname", ApiMessages::field_unknown)))
                .text();
        assertEquals(
                "La requête n'est pas valide : Rôle — est obligatoire; Équipes, élément 2 — n'est pas une équipe de"
                        + " ce compte; nickname — n'est pas un champ connu",
                problem.readable("fr"));
        assertEquals(
                "The request is not valid: Role — is required; Teams, item 2 — is not a team of this account;"
                        + " nickname — is not a known field",
                problem.readable("en"));
        assertEquals("teams[1]", problem.in("fr").errors().get(1).field());
    }

    @Test
    void everyBeanValidationMessageIsSaidInEnglishAndTranslatedIntoFrench() throws Exception {
        ResourceBundle english = ResourceBundle.getBundle("ValidationMessages", Locale.ROOT);
        ResourceBundle french = ResourceBundle.getBundle("ValidationMessages", Locale.FRENCH);
        Set<String> used = FieldNames.validationKeys();
        assertFalse(used.isEmpty(), "the constraints' messages are found");
        for (String key : used) {
            assertTrue(english.containsKey(key), key + " has no English text");
            assertTrue(french.containsKey(key), key + " has no French text");
        }
        for (String key : english.keySet()) {
            assertFalse(english.getString(key).isBlank(), key + " has no English text");
            assertNotEquals(english.getString(key), french.getString(key), key + " is not translated into French");
        }
    }

    @Test
    void everyOutcomeReadsInBothLanguagesWithItsRoleAsAWord() {
        for (Outcome outcome : Outcome.values()) {
            for (Role role : Role.values()) {
                for (String email : List.of("ann@example.com", "")) {
                    String english = new OutcomeMessages("en", role).of(7, email, outcome, 3);
                    String french = new OutcomeMessages("fr", role).of(7, email, outcome, 3);
                    assertFalse(english.isBlank(), outcome + " has no English message");
                    assertNotEquals(english, french, outcome + " is not translated");
                    for (String code : CODES) {
                        assertFalse(english.contains(code), outcome + " shows a code: " + english);
                        assertFalse(french.contains(code), outcome + " shows a code: " + french);
                    }
                }
            }
        }
        assertEquals(
                "vous avez atteint la limite d'utilisateurs pour le rôle Éditeur sur votre compte",
                new OutcomeMessages("fr", Role.EDITOR).of(1, "a@example.com", Outcome.QUOTA_REACHED, null));
    }

    @Test
    void everyProblemTypeHasATitleInBothLanguages() {
        for (ProblemType type : ProblemType.values()) {
            String english = type.title(ApiLanguage.messages("en"));
            assertEquals(
                    type.title(), english, type + ": the English title is the one answered before a reader is known");
            assertNotEquals(english, type.title(ApiLanguage.messages("fr")), type + " is not translated");
        }
    }

    @Test
    void theReadersLanguageIsTheFirstOfEnglishAndFrenchTheyAccept() {
        assertEquals("en", ApiLanguage.of(null));
        assertEquals("en", ApiLanguage.of("de-DE"));
        assertEquals("fr", ApiLanguage.of("de-DE, fr-CH;q=0.8, en;q=0.5"));
        assertEquals("en", ApiLanguage.of("not a header;;;"));
    }

    @Test
    void aProblemKeepsItsTypeAndCodeAndSaysItsTextInTheReadersLanguage() {
        String path = "/api/v1/accounts/" + UUID.randomUUID() + "/users";
        asAdmin()
                .get(path)
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "not-found"))
                .body("code", equalTo("account-not-found"))
                .body("title", equalTo("Not found"))
                .body("detail", equalTo("The account was not found"));
        asAdmin()
                .header("Accept-Language", "fr-FR,fr;q=0.9")
                .get(path)
                .then()
                .statusCode(404)
                .body("type", equalTo(Problem.TYPE_BASE + "not-found"))
                .body("code", equalTo("account-not-found"))
                .body("title", equalTo("Introuvable"))
                .body("detail", equalTo("Le compte est introuvable"));
        // A field error too.
        String accountId = Accounts.create(Seeds.name("Langues"), 1, 5);
        asAdmin(ContentType.TEXT)
                .header("Accept-Language", "fr")
                .queryParam("role", "EDITOR")
                .queryParam("team", "not-an-id")
                .body("a@example.com")
                .post("/api/v1/accounts/" + accountId + "/invitations/preview")
                .then()
                .statusCode(400)
                .body("title", equalTo("La requête n'est pas valide"))
                .body("errors[0].field", equalTo("team[0]"))
                .body("errors[0].message", equalTo("doit être un identifiant d'équipe"));
        // Bean Validation's own messages likewise.
        asAdmin()
                .header("Accept-Language", "fr")
                .body(java.util.Map.of("name", " "))
                .post("/api/v1/accounts/" + accountId + "/teams")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", equalTo("est obligatoire"));
    }

    @Test
    void outcomesAreStoredAsCodesAndSaidInTheLanguageOfWhoeverReadsThem() {
        String run = Seeds.name("").replaceAll("\\W", "").toLowerCase();
        String accountId = Accounts.create(Seeds.name("Langues"), 1, 1);
        String lines = "one." + run + "@example.com\nnot an address\ntwo." + run + "@example.com";

        JsonPath preview = asAdmin(ContentType.TEXT)
                .header("Accept-Language", "fr")
                .queryParam("role", "EDITOR")
                .body(lines)
                .post("/api/v1/accounts/" + accountId + "/invitations/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("INVALID_EMAIL", preview.getString("lines[0].outcome"));
        assertEquals("« not an address » n'est pas une adresse e-mail valide", preview.getString("lines[0].message"));
        assertEquals("QUOTA_REACHED", preview.getString("lines[1].outcome"));
        assertEquals(
                "vous avez atteint la limite d'utilisateurs pour le rôle Éditeur sur votre compte",
                preview.getString("lines[1].message"));

        String batchId = Batches.postLines(admin, accountId, lines, "EDITOR");
        Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
        String outcomes = "/api/v1/invitation-batches/" + batchId + "/outcomes";
        asAdmin()
                .get(outcomes)
                .then()
                .statusCode(200)
                .body("items[2].outcome", equalTo("QUOTA_REACHED"))
                .body("items[2].message", equalTo("you have reached the user limit for role Editor on your account"));
        asAdmin()
                .header("Accept-Language", "fr")
                .get(outcomes)
                .then()
                .statusCode(200)
                .body("items[0].outcome", equalTo("INVITED"))
                .body("items[0].message", equalTo("one." + run + "@example.com a été invité·e"))
                .body("items[2].message", containsString("rôle Éditeur"));
        String csv = asAdmin()
                .header("Accept-Language", "fr")
                .accept("text/csv")
                .get(outcomes)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(
                csv.contains(",QUOTA_REACHED,error,vous avez atteint la limite d'utilisateurs pour le rôle Éditeur"),
                csv);
        assertTrue(
                Batches.csvReport(admin, batchId)
                        .contains(",INVALID_EMAIL,error,\"\"\"not an address\"\" is not a valid email address\""),
                "English by default");
        asAdmin()
                .header("Accept-Language", "fr")
                .get(outcomes)
                .then()
                .body("items.message", not(containsString("EDITOR")));
        Mailbox.setAside(pool, accountId);
    }

    /** Calls every text of a bundle in both languages, with figures for its parameters. */
    private static <T> void walk(Class<T> bundle, T english, T french) throws Exception {
        for (Method text : bundle.getMethods()) {
            Object[] arguments = new Object[text.getParameterCount()];
            Class<?>[] types = text.getParameterTypes();
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = types[i] == int.class ? 3 : types[i] == long.class ? 5L : "x" + i;
            }
            String en = (String) text.invoke(english, arguments);
            String fr = (String) text.invoke(french, arguments);
            assertFalse(en == null || en.isBlank(), text.getName() + " has no English text");
            assertFalse(fr == null || fr.isBlank(), text.getName() + " has no French text");
            if (!SAME_IN_BOTH.contains(text.getName())) {
                assertNotEquals(en, fr, text.getName() + " is not translated into French");
            }
        }
    }
}
