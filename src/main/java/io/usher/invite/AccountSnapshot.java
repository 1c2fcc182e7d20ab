package io.usher.invite;

import io.usher.member.ProfileStatus;
import io.usher.member.Role;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the decision needs to know of one account and of the platform, for the addresses at hand:
 * loaded with a few set queries under the account lock, then kept current by the decisions
 * themselves so that later lines see what earlier lines did.
 */
public final class AccountSnapshot {

    private final Map<Role, Integer> quotas;
    private final Map<Role, Integer> seatsTaken;
    private final Map<String, Boolean> members;
    private final Map<String, ProfileStatus> profiles;
    private final Map<String, String> ssoDomains;
    /** The first line of the list each address was met on, as far as the list has been read. */
    private final Map<String, Integer> firstLines = new HashMap<>();

    /**
     * @param quotas seats per role
     * @param seatsTaken ACTIVE + PENDING memberships per role, now
     * @param memberEmails addresses with a membership in this account, whatever its status
     * @param profiles existing platform profiles among the addresses at hand
     * @param ssoDomains SSO domain → identity-provider alias, for the domains at hand
     */
    public AccountSnapshot(
            Map<Role, Integer> quotas,
            Map<Role, Integer> seatsTaken,
            Iterable<String> memberEmails,
            Map<String, ProfileStatus> profiles,
            Map<String, String> ssoDomains) {
        this.quotas = new EnumMap<>(quotas);
        this.seatsTaken = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            this.seatsTaken.put(role, seatsTaken.getOrDefault(role, 0));
        }
        this.members = new HashMap<>();
        memberEmails.forEach(email -> members.put(email, Boolean.TRUE));
        this.profiles = new HashMap<>(profiles);
        this.ssoDomains = new HashMap<>(ssoDomains);
    }

    /**
     * Adds what a further set of addresses needs to be decided (a preview reads a long list in
     * parts); what earlier decisions did stays as they left it.
     */
    public void learn(
            Iterable<String> memberEmails,
            Map<String, ProfileStatus> moreProfiles,
            Map<String, String> moreSsoDomains) {
        memberEmails.forEach(email -> members.put(email, Boolean.TRUE));
        moreProfiles.forEach(profiles::putIfAbsent);
        ssoDomains.putAll(moreSsoDomains);
    }

    /**
     * Tells the snapshot the first lines of addresses of the list that were decided before it was
     * loaded (a worker's earlier chunks of the batch).
     */
    public void learnLines(Map<String, Integer> earlierLines) {
        earlierLines.forEach(firstLines::putIfAbsent);
    }

    /**
     * The earlier line of the list that had this address, or null when this line is its first
     * (and the snapshot remembers it).
     */
    Integer earlierLine(String email, int seq) {
        Integer first = firstLines.putIfAbsent(email, seq);
        return first == null || first == seq ? null : first;
    }

    boolean isMember(String email) {
        return members.containsKey(email);
    }

    boolean hasSeat(Role role) {
        return seatsTaken.get(role) < quotas.getOrDefault(role, 0);
    }

    Optional<ProfileStatus> profile(String email) {
        return Optional.ofNullable(profiles.get(email));
    }

    Optional<String> identityProviderOf(String domain) {
        return Optional.ofNullable(ssoDomains.get(domain));
    }

    void seat(String email, Role role, ProfileStatus profileStatus) {
        members.put(email, Boolean.TRUE);
        seatsTaken.merge(role, 1, Integer::sum);
        profiles.putIfAbsent(email, profileStatus);
    }

    public int seatsTaken(Role role) {
        return seatsTaken.get(role);
    }
}
