package io.usher.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.usher.account.NewAccount;
import io.usher.member.MemberChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LenientFieldsTest {

    private final ObjectMapper json = mapper();

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new LenientFields().customize(mapper);
        return mapper;
    }

    private List<String> unreadable(Class<?> type, String body) throws Exception {
        List<FieldText> errors = new ArrayList<>();
        json.readerFor(type).withAttribute(LenientFields.ERRORS, errors).readValue(body);
        return errors.stream().map(FieldText::field).sorted().toList();
    }

    @Test
    void eachUnreadableFieldIsNamedByItsJsonPathAndReadingGoesOn() throws Exception {
        assertEquals(
                List.of("defaultLanguage", "quota", "quotas.EDITOR", "x"),
                unreadable(
                        NewAccount.class,
                        "{\"name\":\"x\",\"defaultLanguage\":\"de\",\"quota\":{\"a\":[1]},"
                                + "\"quotas\":{\"SITE_ADMIN\":1,\"EDITOR\":{}},\"x\":[{}]}"));
        assertEquals(
                List.of("defaultLanguage", "quota"),
                unreadable(NewAccount.class, "{\"quota\":{},\"defaultLanguage\":\"de\"}"));
        assertEquals(
                List.of("role", "status", "teams[0]", "teams[2]"),
                unreadable(
                        MemberChange.class,
                        "{\"role\":\"BOSS\",\"status\":5,\"teams\":[\"no\","
                                + "\"0b6e1a4c-3f1d-4c3e-9a57-1f2e3d4c5b6a\",{}]}"));
        assertEquals(List.of("teams"), unreadable(MemberChange.class, "{\"teams\":\"x\"}"));
    }

    @Test
    void aReadThatDoesNotAskForLeniencyFailsAsJacksonDoes() {
        assertThrows(MismatchedInputException.class, () -> json.readValue("{\"role\":\"BOSS\"}", MemberChange.class));
        assertThrows(MismatchedInputException.class, () -> unreadable(MemberChange.class, "[1]"));
    }
}
