package io.usher.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test's {@code GreenMail} field (the SMTP server the service sends to), or its {@code
 * SlowSmtpProxy} field under a profile that puts one in front of it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectSmtpServer {}
