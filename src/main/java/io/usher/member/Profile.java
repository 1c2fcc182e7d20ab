package io.usher.member;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person on the platform, keyed by their lower-case email. */
@Entity
@Table(name = "profiles")
public class Profile extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String email;

    @Column(name = "first_name")
    public String firstName;

    @Column(name = "last_name")
    public String lastName;

    public String phone;

    public String language;

    @Column(name = "idp_subject")
    public String idpSubject;

    /** The brokered identity provider through which the subject first claimed the profile, if any. */
    @Column(name = "idp_alias")
    public String idpAlias;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ProfileStatus status;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
