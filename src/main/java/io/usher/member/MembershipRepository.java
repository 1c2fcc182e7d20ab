package io.usher.member;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<Membership, UUID> {}
