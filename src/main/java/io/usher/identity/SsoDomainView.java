package io.usher.identity;

/** An SSO domain as the API shows it. */
public record SsoDomainView(String domain, String identityProvider) {

    static SsoDomainView of(SsoDomain domain) {
        return new SsoDomainView(domain.domain, domain.identityProvider);
    }
}
