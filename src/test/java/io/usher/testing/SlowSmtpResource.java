package io.usher.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/**
 * A {@link SlowSmtpProxy} for a test profile that points the mailer at it ({@code
 * quarkus.mailer.port=${test-stack.smtp.slow-port}}); the test names the real server with {@link
 * SlowSmtpProxy#forwardTo(int)} and reaches the proxy through a field annotated {@link
 * InjectSmtpServer}. Arg {@code reply-delay}: how long each reply of the server is held (ISO-8601).
 */
public class SlowSmtpResource implements QuarkusTestResourceLifecycleManager {

    private Duration replyDelay = Duration.ofMillis(100);
    private SlowSmtpProxy proxy;

    @Override
    public void init(Map<String, String> initArgs) {
        if (initArgs.containsKey("reply-delay")) {
            replyDelay = Duration.parse(initArgs.get("reply-delay"));
        }
    }

    @Override
    public Map<String, String> start() {
        proxy = new SlowSmtpProxy(replyDelay);
        return Map.of("test-stack.smtp.slow-port", String.valueOf(proxy.port()));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                proxy, new TestInjector.AnnotatedAndMatchesType(InjectSmtpServer.class, SlowSmtpProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
