package io.usher.identity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An email domain whose people sign in through an external identity provider. */
@Entity
@Table(name = "sso_domains")
public class SsoDomain extends PanacheEntityBase {

    @Id
    public String domain;

    @Column(name = "identity_provider", nullable = false)
    public String identityProvider;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
