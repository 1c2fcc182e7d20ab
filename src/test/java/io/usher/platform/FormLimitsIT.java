package io.usher.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.ServiceUrl;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Forms of any size or framing get a 4xx, never the 500 an over-long field met in chunks used to give. */
@QuarkusTest
class FormLimitsIT {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static URI invitationPage() {
        return URI.create(ServiceUrl.base() + "/invitations/not-a-token");
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(invitationPage())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html")
                        .timeout(Duration.ofSeconds(30))
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] form(int fieldLength) {
        return ("firstName=" + "a".repeat(fieldLength)).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void anOverLongFieldIsAnsweredAsTheFormsOwnProblem() throws Exception {
        for (int length : new int[] {3_000, 16_000, 60_000}) {
            HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(form(length)));
            assertTrue(
                    response.statusCode() >= 400 && response.statusCode() < 500,
                    "a field of " + length + " bytes: " + response.statusCode());
        }
    }

    @Test
    void aFormOverTheLimitIs413AndOneOfUnknownLength411() throws Exception {
        HttpResponse<String> big = post(HttpRequest.BodyPublishers.ofByteArray(form(100_000)));
        assertEquals(413, big.statusCode());
        assertEquals(
                Problem.MEDIA_TYPE, big.headers().firstValue("Content-Type").orElse(""));

        HttpResponse<String> chunked =
                post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form(10))));
        assertEquals(411, chunked.statusCode());
    }
}
