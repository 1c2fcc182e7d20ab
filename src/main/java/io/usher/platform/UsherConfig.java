package io.usher.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Usher's own settings; each is also an environment variable (README, "Configuration"). */
@ConfigMapping(prefix = "usher")
public interface UsherConfig {

    /** The base URL people reach Usher at; every link in an email starts with it. */
    String publicBaseUrl();

    /** The platform's name as emails and pages show it. */
    @WithDefault("Usher")
    String platformName();

    /**
     * The key of emailed links (base64, at least 32 random bytes; a Secret in production): a
     * link's token is derived from it when the mail is rendered, so the database never holds a
     * usable token. Changing it voids every link not yet used.
     */
    String linkKey();

    Invitations invitations();

    Mail mail();

    Identity identity();

    Onboarding onboarding();

    Health health();

    interface Health {

        /**
         * How long PostgreSQL may go unanswered from this replica before its readiness says DOWN.
         * Every replica shares the database: a fail-over or a restart of a few seconds is no fault of
         * this replica, and taking every replica out of its Service at once would turn the pages that
         * still answer into the Ingress's bare 503s. A replica that cannot reach it for longer (its
         * node, its pool) is taken out. Zero: DOWN at the first unanswered ping.
         */
        @WithDefault("PT30S")
        Duration databaseGrace();
    }

    interface Identity {

        /** How long one call to the identity provider's admin API may take. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Further tries of a read (or a repeatable write) that got no answer or a server error. */
        @WithDefault("2")
        int retries();
    }

    interface Onboarding {

        /** How long a password-reset link works; the email states it in hours. */
        @WithDefault("PT24H")
        Duration passwordResetExpiry();

        /** The wait between two password-reset emails to one member. */
        @WithDefault("PT30S")
        Duration passwordResetCooldown();
    }

    interface Invitations {

        /** How long an invitation link works, in days; emails state this figure. */
        @WithDefault("7")
        int linkExpiryDays();

        /** The most addresses the workers decide and write in one transaction. */
        @WithDefault("2000")
        int chunkSize();

        /** Kafka topic of the requests, one record per address, keyed by account id. */
        @WithDefault("invitation-requests")
        String requestsTopic();

        /**
         * Whether this replica decides invitations: reads the request topic into the inbox and runs
         * appliers. False for API-only replicas, which still accept batches and stream outcomes.
         */
        @WithDefault("true")
        boolean workersEnabled();

        /**
         * Chunks this replica decides at once, each for a different account (one thread and one
         * database connection each). An account's chunks are decided one after another whatever
         * this number; it lets several accounts' run side by side.
         */
        @WithDefault("2")
        int appliers();

        /**
         * How often an idle applier looks for work that another replica queued; work queued or
         * stored on this replica wakes it at once.
         */
        @WithDefault("PT0.25S")
        Duration applierIdlePoll();

        /**
         * An invitation body that sends no bytes for this long is ended with a 408 problem, and
         * nothing of it is applied: a stalled client holds a thread and a lease, never more.
         */
        @WithDefault("PT30S")
        Duration bodyStallTimeout();

        /**
         * The slowest an invitation body may arrive, in bytes per second, measured over each period of
         * {@code body-stall-timeout}: slower, and it is ended with a 408 problem.
         */
        @WithDefault("1024")
        long bodyMinRate();

        /**
         * The most lines that would not succeed a preview lists (the first ones, in list order); its
         * counts cover every line, and {@code truncated} says when more were left out.
         */
        @WithDefault("1000")
        int previewLines();

        /**
         * The most event streams a replica keeps open; past it a new stream is a 503 problem with
         * Retry-After. Each costs about 20 KiB of heap and a file descriptor: size the heap and
         * {@code USHER_MAX_CONNECTIONS} for it (README, "Many clients at once").
         */
        @WithDefault("10000")
        int maxStreams();

        /** Kafka topic of the outcomes, keyed by batch id. */
        @WithDefault("invitation-outcomes")
        String outcomesTopic();

        /**
         * How long an invitation request may wait on Kafka — for a send to find room or metadata, or
         * for its records' acknowledgements — before it ends with a 503 problem and applies nothing.
         */
        @WithDefault("PT15S")
        Duration publishTimeout();

        /**
         * How long a batch whose body is being read stays claimed without a renewal: the replica
         * reading it renews the lease every {@code receiving-heartbeat}; once a lease runs out (the
         * replica died) the batch and its records are dropped and its Idempotency-Key is free again.
         * It bounds how long a dead request can hold up the records queued behind its own.
         */
        @WithDefault("PT30S")
        Duration receivingLease();

        /** How often a replica renews the leases of the bodies it is reading; well under the lease. */
        @WithDefault("PT5S")
        Duration receivingHeartbeat();

        /** Kafka topic where request records that cannot be read are set aside, with the reason. */
        @WithDefault("invitation-requests-dead-letters")
        String deadLetterTopic();
    }

    interface Mail {

        /** Sending attempts before a mail is parked as FAILED. */
        @WithDefault("8")
        int maxAttempts();

        /** The wait before the second attempt; each further wait doubles it. */
        @WithDefault("PT5S")
        Duration firstRetryDelay();

        /** The longest wait between two attempts. */
        @WithDefault("PT10M")
        Duration maxRetryDelay();

        /**
         * The most addresses a batch may have for its mails to go ahead of bulk mail, as a reset's
         * or a resend's do: someone is looking at the screen for them.
         */
        @WithDefault("100")
        int promptBatchMax();

        /**
         * The most mails one replica claims from the outbox at a time, however many accounts wait:
         * shared equally between the next lanes in turn (a priority and an account) that have due
         * mail, at most this many lanes; the lanes after them are served by the next rounds.
         */
        @WithDefault("200")
        int claimSize();

        /** Mails in flight at once per replica (each SMTP connection is reused). */
        @WithDefault("8")
        int concurrency();

        /** How often the relay looks for due mails when the outbox was empty. */
        @WithDefault("1s")
        String pollInterval();

        /**
         * How often the relay looks for due mails a person is waiting for (a reset, a resend, a
         * small batch's), beside any round of bulk mail under way: it bounds their wait. Zero: never.
         */
        @WithDefault("PT0.2S")
        Duration personWaitingPollInterval();

        /**
         * How long one mail's SMTP conversation may take before it is abandoned (the server then
         * counts as unreachable: the mail keeps its attempt).
         */
        @WithDefault("PT30S")
        Duration sendTimeout();

        /**
         * How long a claim hides its mails from other replicas. The relay renews it while it still
         * has mails to send and never starts a send the lease could not cover; at least twice the
         * send timeout (checked at start).
         */
        @WithDefault("PT2M")
        Duration claimLease();
    }
}
