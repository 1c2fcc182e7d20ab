package io.usher.invite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.usher.member.Role;
import io.usher.platform.ApiMessages;
import io.usher.platform.ApiText;
import io.usher.platform.FieldText;
import io.usher.platform.Ids;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the three bodies of a bulk invitation (JSON, one address per line, CSV) as streams,
 * handing each entry on as it is read, and refusing with a clear problem what cannot be read:
 * bad UTF-8, broken JSON or CSV.
 */
public final class AddressReaders {

    private AddressReaders() {}

    /** One address per line; CR, LF and CRLF all end a line. */
    public static void readLines(InputStream body, Charset charset, Consumer<CharSequence> entries) {
        try (Reader in = strict(body, charset)) {
            StringBuilder line = new StringBuilder();
            char[] buffer = new char[8192];
            boolean lastWasCr = false;
            for (int n; (n = in.read(buffer)) != -1; ) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\n' && lastWasCr) {
                        lastWasCr = false;
                        continue;
                    }
                    lastWasCr = c == '\r';
                    if (c == '\n' || c == '\r') {
                        entries.accept(line);
                        line.setLength(0);
                    } else if (line.length() <= NumberedEntries.MAX_ENTRY_LENGTH) {
                        // Past the kept length the rest of a line is read and dropped, never stored.
                        line.append(c);
                    }
                }
            }
            entries.accept(line);
        } catch (CharacterCodingException e) {
            throw notDecodable(charset);
        } catch (IOException e) {
            throw unreadable("unreadable-body", ApiMessages::problem_body_unreadable);
        }
    }

    /** A header row naming an {@code email} column (any case); other columns are ignored. */
    public static void readCsv(InputStream body, Charset charset, Consumer<CharSequence> entries) {
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true)
                .setAllowMissingColumnNames(true)
                .setTrim(true)
                .get();
        try (CSVParser csv = CSVParser.builder()
                .setReader(strict(body, charset))
                .setFormat(format)
                .get()) {
            String column = csv.getHeaderNames().stream()
                    .filter(name -> name != null
                            && name.strip().toLowerCase(Locale.ROOT).equals("email"))
                    .findFirst()
                    .orElseThrow(() -> unreadable("csv-without-email", ApiMessages::problem_csv_without_email));
            for (CSVRecord record : csv) {
                if (record.isSet(column)) {
                    entries.accept(record.get(column));
                }
            }
        } catch (CharacterCodingException e) {
            throw notDecodable(charset);
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CharacterCodingException) {
                throw notDecodable(charset);
            }
            throw unreadable("unreadable-csv", ApiMessages::problem_csv_unreadable);
        }
    }

    /** What a JSON body asks for besides its addresses. */
    public record JsonRequest(Role role, List<UUID> teams) {}

    /**
     * {@code {"emails": [...], "role": "...", "teams": [...]}}, fields in any order; the emails
     * are handed on as they are read.
     */
    public static JsonRequest readJson(
            InputStream body, Charset charset, Consumer<CharSequence> entries, JsonFactory factory) {
        Role role = null;
        List<UUID> teams = List.of();
        boolean sawEmails = false;
        List<FieldText> errors = new ArrayList<>();
        try (JsonParser json = factory.createParser(strict(body, charset))) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw unreadable("not-a-json-object", ApiMessages::problem_json_object);
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "emails" -> {
                        sawEmails = true;
                        if (value != JsonToken.START_ARRAY) {
                            errors.add(new FieldText("emails", ApiMessages::field_strings));
                            json.skipChildren();
                            continue;
                        }
                        int index = 0;
                        for (JsonToken item; (item = json.nextToken()) != JsonToken.END_ARRAY; index++) {
                            if (item == JsonToken.VALUE_STRING) {
                                entries.accept(json.getText());
                            } else if (item != JsonToken.VALUE_NULL) {
                                errors.add(new FieldText("emails[" + index + "]", ApiMessages::field_string));
                                json.skipChildren();
                            }
                        }
                    }
                    case "role" ->
                        role = value == JsonToken.VALUE_NULL
                                ? null
                                : parseRole(json.getValueAsString(), "role", errors);
                    case "teams" -> teams = readTeams(json, value, errors);
                    default -> {
                        errors.add(new FieldText(field, ApiMessages::field_unknown));
                        json.skipChildren();
                    }
                }
            }
        } catch (CharacterCodingException e) {
            throw notDecodable(charset);
        } catch (IOException e) {
            // The parser's own words say where: they stay as they are, inside the reader's sentence.
            String where = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw unreadable("invalid-json", m -> m.problem_json_invalid(where));
        }
        if (!sawEmails) {
            errors.add(new FieldText("emails", ApiMessages::field_required));
        }
        if (role == null && errors.stream().noneMatch(e -> e.field().equals("role"))) {
            errors.add(new FieldText("role", ApiMessages::field_required));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new JsonRequest(role, teams);
    }

    private static List<UUID> readTeams(JsonParser json, JsonToken value, List<FieldText> errors) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (value != JsonToken.START_ARRAY) {
            errors.add(new FieldText("teams", ApiMessages::field_team_ids));
            json.skipChildren();
            return List.of();
        }
        List<UUID> teams = new ArrayList<>();
        int index = 0;
        for (JsonToken item; (item = json.nextToken()) != JsonToken.END_ARRAY; index++) {
            UUID id = item == JsonToken.VALUE_STRING ? Ids.parse(json.getText()) : null;
            if (id == null) {
                errors.add(new FieldText("teams[" + index + "]", ApiMessages::field_team_id));
                json.skipChildren();
            } else {
                teams.add(id);
            }
        }
        return teams;
    }

    /** A role as a client spells it, or a field error. */
    public static Role parseRole(String value, String field, List<FieldText> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldText(field, ApiMessages::field_required));
            return null;
        }
        try {
            return Role.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldText(field, ApiMessages::field_role));
            return null;
        }
    }

    /** A decoder that refuses malformed bytes, without the byte-order mark spreadsheets write. */
    private static Reader strict(InputStream body, Charset charset) throws IOException {
        PushbackReader reader = new PushbackReader(new InputStreamReader(
                body,
                charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)));
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }

    private static ProblemException notDecodable(Charset charset) {
        String name = charset.name();
        return unreadable("undecodable-body", m -> m.problem_body_not_decodable(name));
    }

    private static ProblemException unreadable(String code, ApiText detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, code, detail);
    }
}
