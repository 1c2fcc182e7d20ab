package io.usher.testing;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URL;
import java.util.Date;
import java.util.Map;
import java.util.regex.Pattern;
import org.htmlunit.BrowserVersion;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.util.Cookie;
import org.htmlunit.util.NameValuePair;
import org.htmlunit.util.WebConnectionWrapper;

/**
 * A browser for the pages people see — Usher's and Keycloak's — that follows redirects and keeps
 * cookies, and fills forms by field name. Scripts are off: every page must work without them.
 */
public final class Browser implements AutoCloseable {

    private final WebClient client = new WebClient(BrowserVersion.FIREFOX);

    public Browser() {
        client.getOptions().setJavaScriptEnabled(false);
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setPrintContentOnFailingStatusCode(false);
        client.getOptions().setRedirectEnabled(true);
        client.getOptions().setTimeout(30_000);
        client.addRequestHeader("Accept-Language", "en");
        // Browsers count http://127.0.0.1 as a secure context and keep its Secure cookies, as
        // Keycloak expects; HtmlUnit drops them. The cookies are kept here as a browser would.
        new WebConnectionWrapper(client) {
            @Override
            public WebResponse getResponse(WebRequest request) throws IOException {
                WebResponse response = super.getResponse(request);
                for (NameValuePair header : response.getResponseHeaders()) {
                    if ("Set-Cookie".equalsIgnoreCase(header.getName())
                            && SECURE.matcher(header.getValue()).find()) {
                        keep(request.getUrl(), header.getValue());
                    }
                }
                return response;
            }
        };
    }

    private void keep(URL url, String setCookie) {
        for (HttpCookie cookie : HttpCookie.parse(setCookie)) {
            String path = cookie.getPath() == null ? "/" : cookie.getPath();
            client.getCookieManager().getCookies().stream()
                    .filter(c -> c.getName().equals(cookie.getName()) && path.equals(c.getPath()))
                    .toList()
                    .forEach(client.getCookieManager()::removeCookie);
            if (cookie.getMaxAge() == 0) {
                continue;
            }
            Date expires =
                    cookie.getMaxAge() > 0 ? new Date(System.currentTimeMillis() + cookie.getMaxAge() * 1000) : null;
            client.getCookieManager()
                    .addCookie(new Cookie(
                            url.getHost(),
                            cookie.getName(),
                            cookie.getValue(),
                            path,
                            expires,
                            false,
                            cookie.isHttpOnly()));
        }
    }

    private static final Pattern SECURE = Pattern.compile("(?i);\\s*Secure(?=;|$)");

    public HtmlPage open(String url) {
        try {
            return client.getPage(url);
        } catch (IOException e) {
            throw new AssertionError("cannot open " + url, e);
        }
    }

    /**
     * A request as a page's form or script would send it, with this browser's cookies, headers
     * of one's choosing (an Origin, say) and no redirect followed: what the server answered.
     */
    public WebResponse send(HttpMethod method, String url, Map<String, String> headers, String body) {
        try {
            WebRequest request = new WebRequest(new URL(url), method);
            request.setAdditionalHeaders(new java.util.HashMap<>(headers));
            if (body != null) {
                request.setRequestBody(body);
            }
            client.getOptions().setRedirectEnabled(false);
            try {
                return client.loadWebResponse(request);
            } finally {
                client.getOptions().setRedirectEnabled(true);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot send " + method + " " + url, e);
        }
    }

    public static HtmlPage fill(HtmlPage page, String name, String value) {
        HtmlElement field = page.getElementsByName(name).stream()
                .filter(HtmlElement.class::isInstance)
                .map(HtmlElement.class::cast)
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no field " + name + " on " + page.getUrl() + "\n" + page.asXml()));
        if (field instanceof HtmlSelect select) {
            select.setSelectedAttribute(value, true);
        } else if (field instanceof HtmlCheckBoxInput box) {
            box.setChecked(Boolean.parseBoolean(value));
        } else {
            ((HtmlInput) field).setValue(value);
        }
        return page;
    }

    /** Clicks the page's button (a {@code <button>} or submit input) with this text, id or name. */
    public static HtmlPage click(HtmlPage page, String label) {
        for (DomElement element : page.getElementsByTagName("button")) {
            if (matches(element, label)) {
                return clickOn((HtmlElement) element);
            }
        }
        for (DomElement element : page.getElementsByTagName("input")) {
            if ("submit".equals(element.getAttribute("type")) && matches(element, label)) {
                return clickOn((HtmlElement) element);
            }
        }
        for (DomElement element : page.getElementsByTagName("a")) {
            if (element.getTextContent().strip().equals(label)) {
                return clickOn((HtmlElement) element);
            }
        }
        throw new AssertionError("no button " + label + " on " + page.getUrl() + "\n" + page.asNormalizedText());
    }

    private static boolean matches(DomElement element, String label) {
        return element.getTextContent().strip().equals(label)
                || label.equals(element.getId())
                || label.equals(element.getAttribute("name"))
                || label.equals(element.getAttribute("value"));
    }

    private static HtmlPage clickOn(HtmlElement element) {
        try {
            return element.click();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static int status(HtmlPage page) {
        return page.getWebResponse().getStatusCode();
    }

    public static String path(HtmlPage page) {
        URL url = page.getUrl();
        return url.getPath();
    }

    /** Signs in on Keycloak's login page (the email may already be filled in by the hint). */
    public static HtmlPage signInAtKeycloak(HtmlPage login, String email, String password) {
        if (login.getElementById("kc-form-login") == null) {
            throw new AssertionError(
                    "not Keycloak's sign-in page: " + login.getUrl() + "\n" + login.asNormalizedText());
        }
        fill(login, "username", email);
        fill(login, "password", password);
        return click(login, "kc-login");
    }

    @Override
    public void close() {
        client.close();
    }
}
