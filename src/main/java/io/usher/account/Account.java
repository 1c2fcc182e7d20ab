package io.usher.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.usher.member.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant: a company on the platform, with its quotas per role. */
@Entity
@Table(name = "accounts")
public class Account extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "default_language", nullable = false)
    public String defaultLanguage;

    @Column(name = "quota_site_admin", nullable = false)
    public int quotaSiteAdmin;

    @Column(name = "quota_editor", nullable = false)
    public int quotaEditor;

    /** Seats taken, kept by the database's membership triggers: never written from here. */
    @Column(name = "seats_site_admin", insertable = false, updatable = false)
    public int seatsSiteAdmin;

    @Column(name = "seats_editor", insertable = false, updatable = false)
    public int seatsEditor;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public int quota(Role role) {
        return switch (role) {
            case SITE_ADMIN -> quotaSiteAdmin;
            case EDITOR -> quotaEditor;
        };
    }

    public void setQuotas(Quotas quotas) {
        this.quotaSiteAdmin = quotas.siteAdmin();
        this.quotaEditor = quotas.editor();
    }
}
