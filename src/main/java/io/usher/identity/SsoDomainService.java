package io.usher.identity;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.usher.platform.ApiMessages;
import io.usher.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The platform-wide map from email domain to identity provider. */
@ApplicationScoped
public class SsoDomainService {

    private final SsoDomainRepository domains;

    public SsoDomainService(SsoDomainRepository domains) {
        this.domains = domains;
    }

    @WithSession
    public Uni<List<SsoDomainView>> list() {
        return domains.listAll(Sort.by("domain"))
                .map(all -> all.stream().map(SsoDomainView::of).toList());
    }

    /** The identity provider of the address's domain, when it is an SSO domain. */
    @WithSession
    public Uni<Optional<String>> identityProviderOf(String email) {
        String domain = email.substring(email.lastIndexOf('@') + 1);
        return domains.findById(domain).map(route -> Optional.ofNullable(route).map(r -> r.identityProvider));
    }

    /** Creates the route, or points it at another identity provider. */
    @WithTransaction
    public Uni<SsoDomainView> put(String rawDomain, SsoDomainRoute route) {
        String domain = canonical(rawDomain);
        Instant now = Instant.now();
        return domains.findById(domain)
                .chain(existing -> {
                    if (existing != null) {
                        existing.identityProvider = route.identityProvider();
                        existing.updatedAt = now;
                        return Uni.createFrom().item(existing);
                    }
                    SsoDomain created = new SsoDomain();
                    created.domain = domain;
                    created.identityProvider = route.identityProvider();
                    created.createdAt = now;
                    created.updatedAt = now;
                    return domains.persist(created);
                })
                .map(SsoDomainView::of);
    }

    @WithTransaction
    public Uni<Void> delete(String rawDomain) {
        String domain = canonical(rawDomain);
        return domains.deleteById(domain)
                .chain(deleted -> deleted
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom()
                                .failure(ProblemException.notFound(
                                        "sso-domain-not-found", m -> m.problem_sso_domain_not_found(domain))));
    }

    private static String canonical(String domain) {
        return SsoDomains.normalise(domain)
                .orElseThrow(() -> ProblemException.invalidField("domain", ApiMessages::field_domain));
    }
}
