package io.usher.testing;

import static io.restassured.RestAssured.given;

import com.icegreen.greenmail.util.GreenMail;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test that acts as the platform administrator, with the service's database and the SMTP server
 * the service sends to at hand.
 */
public abstract class PlatformAdminTest {

    /** The platform administrator's access token, taken once per test class. */
    protected static String admin;

    @InjectSmtpServer
    protected GreenMail smtp;

    @Inject
    protected Pool pool;

    @BeforeAll
    protected static void signInAsPlatformAdmin() {
        admin = Keycloak.platformAdminToken();
    }

    /** A JSON request as the platform administrator. */
    protected static RequestSpecification asAdmin() {
        return asAdmin(ContentType.JSON);
    }

    protected static RequestSpecification asAdmin(ContentType type) {
        return given().auth().oauth2(admin).contentType(type);
    }

    protected static RequestSpecification asAdmin(String type) {
        return given().auth().oauth2(admin).contentType(type);
    }
}
