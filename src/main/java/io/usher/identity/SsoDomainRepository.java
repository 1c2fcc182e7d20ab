package io.usher.identity;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SsoDomainRepository implements PanacheRepositoryBase<SsoDomain, String> {}
